"""No account page may be kept by a browser or a shared cache: every URL, every answer."""

import pytest
from django.test import Client
from django.urls import reverse

from shop.accounts.urls import app_name, urlpatterns
from tests.factories.accounts import address_create, user_create

pytestmark = pytest.mark.django_db

# A value for every parameter an account URL takes. A new URL with a new parameter
# fails here until it is added, so no page escapes the check.
SAMPLE_ARGUMENTS = {
    "token": "not-a-valid-token",
    "uidb64": "MQ",
    "kind": "billing",
}
NAMES = sorted(pattern.name for pattern in urlpatterns)


def _url(name: str, pattern, address_pk: int) -> str:
    samples = {**SAMPLE_ARGUMENTS, "pk": address_pk}
    kwargs = {parameter: samples[parameter] for parameter in pattern.pattern.converters}
    return reverse(f"{app_name}:{name}", kwargs=kwargs)


def test_every_account_url_is_checked():
    assert len(NAMES) == len(set(NAMES)) == len(urlpatterns)
    assert {"password_change", "email_change", "logout", "verify_decline"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_answer_of_every_account_url_forbids_caching(name):
    pattern = next(p for p in urlpatterns if p.name == name)
    buyer = user_create()
    url = _url(name, pattern, address_create(user=buyer).pk)

    answers = {}
    for who in ("visitor", "buyer"):
        for method in ("get", "post"):
            client = Client()
            if who == "buyer":
                client.force_login(buyer)
            response = getattr(client, method)(url)
            answers[f"{who} {method.upper()} ({response.status_code})"] = set(
                response.get("Cache-Control", "").replace(" ", "").split(",")
            )

    for answer, directives in answers.items():
        assert {"no-cache", "no-store", "must-revalidate", "private"} <= directives, (
            url,
            answer,
        )
