"""Users and addresses for tests."""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group

from shop.accounts.models import Address, User

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def user_create(
    *,
    email: str | None = None,
    password: str = PASSWORD,
    groups: tuple[str, ...] = (),
    **fields,
) -> User:
    """A verified, active buyer (or staff member when given groups)."""
    email = email or f"buyer{next(_counter)}@example.com"
    user = User.objects.create_user(email=email, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def address_create(*, user: User, **fields) -> Address:
    values = {
        "full_name": "Anna Muster",
        "street": "Bahnhofstrasse 1",
        "postal_code": "8001",
        "city": "Zürich",
        "country": "CH",
        **fields,
    }
    address = Address(user=user, **values)
    address.full_clean()
    address.save()
    return address


def mail_link(message) -> str:
    """The site path of the first shop link in an e-mail."""
    from django.conf import settings

    for word in message.body.split():
        if word.startswith(settings.SHOP_BASE_URL):
            return word.removeprefix(settings.SHOP_BASE_URL)
    raise AssertionError(f"no link in e-mail {message.subject!r}")


class BrokenEmailBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
