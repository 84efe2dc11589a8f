"""The published OpenAPI schema, fuzzed: no server error, and answers match it.

schemathesis reads /api/schema/ from the app itself and, per operation, sends
generated requests through WSGI: the schema's edge values (a limit of 100 and
101, the largest id) and values that break it (strings for ids, negatives,
huge numbers), against a seeded catalog.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db

CSRF_SECRET = "k" * 32

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _catalog(catalog_tree):
    return catalog_tree


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests go straight to the WSGI app, whose end-of-request signal closes the
    # database connection, and with it the test's transaction; Django's own test
    # client disconnects that handler the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_answers_every_generated_request_as_its_schema_says(case):
    # The anonymous rate limit counts in the cache; it is not what is tested here.
    cache.clear()
    # The cart's changes need the CSRF cookie and header: send a valid pair, so the
    # generated bodies reach the cart code instead of stopping at the CSRF check.
    case.headers = {
        **(case.headers or {}),
        "X-CSRFToken": CSRF_SECRET,
        "Cookie": f"csrftoken={CSRF_SECRET}",
    }
    case.call_and_validate(
        checks=[
            not_a_server_error,
            response_schema_conformance,
            negative_data_rejection,
        ]
    )
