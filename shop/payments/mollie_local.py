"""A local Mollie-compatible API: the subset the shop's gateway uses, and a hosted
checkout page where the tester decides how a payment ends.

It is plain Python (no Django), so `make run` starts it beside the shop and the tests
start it in a thread; the shop reaches it through the real mollie-api-python client
over HTTP (``MOLLIE_API_ENDPOINT``).

API (JSON, ``Authorization: Bearer test_...`` or ``live_...``):
- ``GET /v2/methods?amount[value]=&amount[currency]=``: the methods for that currency.
- ``POST /v2/payments`` (honours ``Idempotency-Key``), ``GET /v2/payments/<id>``.
- ``POST /v2/payments/<id>/refunds``: refunds are settled at once.
Pages:
- ``GET /checkout/<id>``: the hosted page; its buttons end the payment as paid,
  failed, canceled or expired, call the webhook (``id=<id>``) and send the browser
  to the redirect URL. ``notify=no`` in the form skips both (for tests).
- ``POST /checkout/<id>/replay``: deliver the webhook again.

State lives in memory; a restart forgets every payment, like a fresh test account.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import secrets
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

METHODS: dict[str, list[tuple[str, str]]] = {
    "EUR": [
        ("ideal", "iDEAL"),
        ("bancontact", "Bancontact"),
        ("creditcard", "Card"),
        ("paypal", "PayPal"),
    ],
    "CHF": [("twint", "TWINT"), ("creditcard", "Card")],
}
DEFAULT_METHODS = [("creditcard", "Card")]
ENDINGS = ("paid", "failed", "canceled", "expired")
AMOUNT_RE = re.compile(r"^\d{1,10}\.\d{2}$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
KEY_RE = re.compile(r"^(live|test)_\w+$")
MAX_BODY = 64 * 1024


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


class ApiError(Exception):
    def __init__(self, status: int, detail: str, field: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field


TITLES = {
    400: "Bad Request",
    401: "Unauthorized Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Request Entity Too Large",
    422: "Unprocessable Entity",
}


class MollieLocal:
    """The server's state and its WSGI application."""

    def __init__(self, base_url: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.payments: dict[str, dict] = {}
        self.idempotency: dict[str, str] = {}
        self.webhook_log: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    # --- representation --------------------------------------------------------
    def _payment_json(self, payment: dict) -> dict:
        data = {k: v for k, v in payment.items() if not k.startswith("_")}
        value = Decimal(payment["amount"]["value"])
        refunded = sum(
            (Decimal(r["amount"]["value"]) for r in payment["_refunds"]), Decimal(0)
        )
        currency = payment["amount"]["currency"]
        links = {
            "self": {
                "href": f"{self.base_url}/v2/payments/{payment['id']}",
                "type": "application/hal+json",
            }
        }
        if payment["status"] == "open":
            links["checkout"] = {
                "href": f"{self.base_url}/checkout/{payment['id']}",
                "type": "text/html",
            }
        if payment["status"] == "paid":
            data["amountRefunded"] = {"value": f"{refunded:.2f}", "currency": currency}
            data["amountRemaining"] = {
                "value": f"{value - refunded:.2f}",
                "currency": currency,
            }
        data["isCancelable"] = payment["status"] == "open"
        data["_links"] = links
        return data

    # --- API -------------------------------------------------------------------
    def methods_list(self, query: dict[str, list[str]]) -> dict:
        currency = (query.get("amount[currency]") or ["EUR"])[0]
        methods = METHODS.get(currency, DEFAULT_METHODS)
        items = [
            {
                "resource": "method",
                "id": method_id,
                "description": description,
                "status": "activated",
                "image": {"size1x": "", "size2x": "", "svg": ""},
            }
            for method_id, description in methods
        ]
        return {"count": len(items), "_embedded": {"methods": items}}

    def payment_create(self, body: dict, idempotency_key: str) -> dict:
        amount = body.get("amount")
        if not isinstance(amount, dict):
            raise ApiError(422, "The amount is required.", "amount")
        value, currency = amount.get("value"), amount.get("currency")
        if not isinstance(value, str) or not AMOUNT_RE.match(value):
            raise ApiError(422, "The amount contains an invalid value.", "amount.value")
        if not isinstance(currency, str) or not CURRENCY_RE.match(currency):
            raise ApiError(422, "The currency is invalid.", "amount.currency")
        if Decimal(value) < Decimal("0.01"):
            raise ApiError(422, "The amount is lower than the minimum.", "amount")
        description = body.get("description")
        if not isinstance(description, str) or not description.strip():
            raise ApiError(422, "The description is required.", "description")
        redirect = body.get("redirectUrl")
        if not isinstance(redirect, str) or not redirect.startswith("http"):
            raise ApiError(422, "The redirect URL is invalid.", "redirectUrl")
        webhook = body.get("webhookUrl") or ""
        if not isinstance(webhook, str):
            raise ApiError(422, "The webhook URL is invalid.", "webhookUrl")
        method = body.get("method")
        enabled = [m for m, _ in METHODS.get(currency, DEFAULT_METHODS)]
        if method is not None and method not in enabled:
            raise ApiError(
                422,
                f"The payment method is not enabled for {currency}.",
                "method",
            )
        with self.lock:
            if idempotency_key and idempotency_key in self.idempotency:
                return self._payment_json(
                    self.payments[self.idempotency[idempotency_key]]
                )
            payment_id = "tr_" + secrets.token_hex(5)
            payment = {
                "resource": "payment",
                "id": payment_id,
                "mode": "test",
                "createdAt": _now(),
                "amount": {"value": value, "currency": currency},
                "description": description[:255],
                "method": method,
                "metadata": body.get("metadata"),
                "status": "open",
                "expiresAt": (datetime.now(UTC) + timedelta(minutes=15)).strftime(
                    "%Y-%m-%dT%H:%M:%S+00:00"
                ),
                "profileId": "pfl_local",
                "sequenceType": "oneoff",
                "redirectUrl": redirect,
                "webhookUrl": webhook,
                "_refunds": [],
            }
            self.payments[payment_id] = payment
            if idempotency_key:
                self.idempotency[idempotency_key] = payment_id
            return self._payment_json(payment)

    def _payment(self, payment_id: str) -> dict:
        payment = self.payments.get(payment_id)
        if payment is None:
            raise ApiError(404, "No payment exists with token " + payment_id + ".")
        return payment

    def payment_get(self, payment_id: str) -> dict:
        with self.lock:
            return self._payment_json(self._payment(payment_id))

    def refund_create(self, payment_id: str, body: dict) -> dict:
        amount = body.get("amount")
        if not isinstance(amount, dict) or not AMOUNT_RE.match(
            str(amount.get("value", ""))
        ):
            raise ApiError(422, "The amount contains an invalid value.", "amount.value")
        with self.lock:
            payment = self._payment(payment_id)
            if payment["status"] != "paid":
                raise ApiError(422, "The payment cannot be refunded.", "amount")
            if amount.get("currency") != payment["amount"]["currency"]:
                raise ApiError(
                    422, "The currency differs from the payment.", "amount.currency"
                )
            remaining = Decimal(payment["amount"]["value"]) - sum(
                (Decimal(r["amount"]["value"]) for r in payment["_refunds"]),
                Decimal(0),
            )
            if Decimal(amount["value"]) > remaining or Decimal(amount["value"]) <= 0:
                raise ApiError(
                    422,
                    "The refund amount is higher than the amount remaining.",
                    "amount.value",
                )
            refund = {
                "resource": "refund",
                "id": "re_" + secrets.token_hex(5),
                "amount": {
                    "value": amount["value"],
                    "currency": amount["currency"],
                },
                "description": str(body.get("description", ""))[:255],
                "status": "refunded",
                "createdAt": _now(),
                "paymentId": payment_id,
            }
            payment["_refunds"].append(refund)
            return refund

    # --- the hosted checkout page ------------------------------------------------
    def payment_end(self, payment_id: str, status: str) -> dict:
        with self.lock:
            payment = self._payment(payment_id)
            if status not in ENDINGS:
                raise ApiError(400, "Choose paid, failed, canceled or expired.")
            if payment["status"] == "open":
                payment["status"] = status
                payment[f"{status}At"] = _now()
            return dict(payment)

    def webhook_deliver(self, payment: dict) -> int:
        url = payment.get("webhookUrl")
        if not url:
            return 0
        data = urllib.parse.urlencode({"id": payment["id"]}).encode()
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, OSError):
            status = -1
        with self.lock:
            self.webhook_log.append((payment["id"], status))
        return status

    def checkout_page(self, payment: dict, message: str = "") -> str:
        amount = payment["amount"]
        title = html.escape(payment["description"])
        rows = "".join(
            f'<button type="submit" name="status" value="{s}" class="{s}">'
            f"{s.capitalize()}</button>"
            for s in ENDINGS
        )
        body = (
            f'<form method="post"><p>Choose how this test payment ends.</p>'
            f'<div class="choices">{rows}</div></form>'
            if payment["status"] == "open"
            else (
                f"<p>This payment is <strong>{html.escape(payment['status'])}"
                f"</strong>.</p>"
                f'<form method="post" action="/checkout/{payment["id"]}/replay">'
                f'<button type="submit">Send the webhook again</button></form>'
                f'<p><a href="{html.escape(payment["redirectUrl"])}">'
                f"Back to the shop</a></p>"
            )
        )
        note = f'<p class="note">{html.escape(message)}</p>' if message else ""
        method = html.escape(payment.get("method") or "any method")
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test payment {html.escape(payment["id"])}</title>
<style>
body{{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;padding:1rem;color:#111}}
main{{max-width:28rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;
box-shadow:0 1px 4px rgba(0,0,0,.1)}}
h1{{font-size:1.25rem;margin:0 0 .5rem}} .amount{{font-size:2rem;font-weight:700;margin:.5rem 0}}
.badge{{display:inline-block;background:#fde68a;border-radius:4px;padding:.1rem .4rem;font-size:.8rem}}
.choices{{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}}
button{{min-height:44px;font-size:1rem;border:0;border-radius:8px;cursor:pointer;padding:.5rem 1rem}}
.paid{{background:#15803d;color:#fff}} .failed{{background:#b91c1c;color:#fff}}
.canceled{{background:#4b5563;color:#fff}} .expired{{background:#92400e;color:#fff}}
.note{{background:#e0f2fe;padding:.5rem;border-radius:6px}}
</style></head><body><main>
<span class="badge">Test mode: local Mollie-compatible server</span>
<h1>{title}</h1><p class="amount">{html.escape(amount["currency"])} {html.escape(amount["value"])}</p>
<p>Method: {method}</p>{note}{body}</main></body></html>"""

    # --- WSGI ------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            return self._json(start_response, 413, self._error(413, "Too large."))
        raw = environ["wsgi.input"].read(length) if length else b""
        if path.startswith("/checkout/"):
            return self._page(start_response, method, path, raw)
        try:
            if not path.startswith("/v2/"):
                raise ApiError(404, "Unknown resource.")
            auth = environ.get("HTTP_AUTHORIZATION", "")
            if not auth.startswith("Bearer ") or not KEY_RE.match(auth[7:]):
                raise ApiError(401, "Missing authentication, or failed to authenticate")
            body = {}
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise ApiError(400, "The request body is not valid JSON.") from None
                if not isinstance(body, dict):
                    raise ApiError(400, "The request body must be an object.")
            parts = path[4:].strip("/").split("/")
            if parts == ["methods"] and method == "GET":
                return self._json(start_response, 200, self.methods_list(query))
            if parts == ["payments"] and method == "POST":
                key = environ.get("HTTP_IDEMPOTENCY_KEY", "")
                return self._json(start_response, 201, self.payment_create(body, key))
            if len(parts) == 2 and parts[0] == "payments" and method == "GET":
                return self._json(start_response, 200, self.payment_get(parts[1]))
            if (
                len(parts) == 3
                and parts[0] == "payments"
                and parts[2] == "refunds"
                and method == "POST"
            ):
                return self._json(
                    start_response, 201, self.refund_create(parts[1], body)
                )
            raise ApiError(404, "Unknown resource.")
        except ApiError as error:
            return self._json(
                start_response,
                error.status,
                self._error(error.status, error.detail, error.field),
            )
        except (InvalidOperation, TypeError, AttributeError):
            return self._json(
                start_response, 422, self._error(422, "The request is invalid.")
            )

    def _page(self, start_response, method: str, path: str, raw: bytes):
        parts = path.strip("/").split("/")
        form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"))
        try:
            payment_id = parts[1] if len(parts) >= 2 else ""
            if len(parts) == 3 and parts[2] == "replay" and method == "POST":
                with self.lock:
                    payment = dict(self._payment(payment_id))
                status = self.webhook_deliver(payment)
                return self._html(
                    start_response,
                    200,
                    self.checkout_page(
                        payment, f"Webhook delivered again (HTTP {status})."
                    ),
                )
            if len(parts) != 2:
                raise ApiError(404, "Unknown page.")
            if method == "POST":
                status = (form.get("status") or [""])[0]
                payment = self.payment_end(payment_id, status)
                if (form.get("notify") or ["yes"])[0] == "no":
                    start_response("204 No Content", [])
                    return [b""]
                self.webhook_deliver(payment)
                start_response("303 See Other", [("Location", payment["redirectUrl"])])
                return [b""]
            with self.lock:
                payment = dict(self._payment(payment_id))
            return self._html(start_response, 200, self.checkout_page(payment))
        except ApiError as error:
            return self._html(
                start_response,
                error.status,
                f"<!doctype html><title>Error</title><p>{html.escape(error.detail)}</p>",
            )

    @staticmethod
    def _error(status: int, detail: str, field: str = "") -> dict:
        data = {
            "status": status,
            "title": TITLES.get(status, "Error"),
            "detail": detail,
        }
        if field:
            data["field"] = field
        return data

    @staticmethod
    def _json(start_response, status: int, data: dict):
        body = json.dumps(data).encode()
        start_response(
            f"{status} {TITLES.get(status, 'OK')}",
            [
                ("Content-Type", "application/hal+json"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    @staticmethod
    def _html(start_response, status: int, text: str):
        body = text.encode()
        start_response(
            f"{status} {'OK' if status == 200 else TITLES.get(status, 'Error')}",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
        return [body]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(host: str = "127.0.0.1", port: int = 0, public_url: str = ""):
    """Start the server in a daemon thread; returns (server, app, base URL)."""
    app = MollieLocal()
    server = make_server(
        host, port, app, server_class=_Server, handler_class=_QuietHandler
    )
    app.base_url = (public_url or f"http://{host}:{server.server_port}").rstrip("/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, app, app.base_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--public-url", default="")
    args = parser.parse_args(argv)
    app = MollieLocal()
    server = make_server(
        args.host, args.port, app, server_class=_Server, handler_class=_QuietHandler
    )
    app.base_url = (args.public_url or f"http://{args.host}:{args.port}").rstrip("/")
    sys.stdout.write(f"Local Mollie-compatible API on {app.base_url}/v2/\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
