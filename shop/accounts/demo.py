"""Demo users: the demo admin."""

from __future__ import annotations

from shop.accounts.models import User


def accounts_seed_demo(*, email: str, password: str) -> bool:
    """Create the demo superuser unless a user with this e-mail exists."""
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_superuser(email=email, password=password)
    return True
