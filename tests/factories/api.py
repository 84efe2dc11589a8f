"""A test client that talks to the JSON API as the site's scripts do."""

from __future__ import annotations

import json

from django.test import Client


def api_client(client: Client | None = None):
    """``call(method, path, body)``: JSON bodies with the CSRF cookie and header (the
    cookie comes from ``GET /api/v1/cart/``); ``content_type="multipart"`` posts a
    form with files. ``call.client`` is the underlying test client."""
    client = client or Client(enforce_csrf_checks=True)
    client.get("/api/v1/cart/")
    token = client.cookies["csrftoken"].value

    def call(method, path, body=None, *, raw=None, content_type="application/json"):
        if content_type == "multipart":
            return client.post(path, data=body, HTTP_X_CSRFTOKEN=token)
        data = (
            raw if raw is not None else (json.dumps(body) if body is not None else "")
        )
        return getattr(client, method)(
            path, data=data, content_type=content_type, HTTP_X_CSRFTOKEN=token
        )

    call.client = client
    return call
