"""Password hashers for tests that count or time password hashing."""

from __future__ import annotations

from django.contrib.auth.hashers import MD5PasswordHasher, PBKDF2PasswordHasher


class CountingMD5PasswordHasher(MD5PasswordHasher):
    """MD5 (fast), counting every hash it computes, checks included."""

    algorithm = "counting_md5"
    computed = 0

    def encode(self, password: str, salt: str) -> str:
        type(self).computed += 1
        return super().encode(password, salt)


class TunablePBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """The real PBKDF2 hasher; tests set its iterations to a measurable cost."""

    iterations = 20_000
