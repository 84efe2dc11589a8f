"""Checkout and webhook rows of the benchmark.

Placing an order is a one-time request per checkout, so every measured request
needs a shopper of its own: ``checkout_sessions`` prepares them through the real
pages (cart add through the API, the details form, the review page for the checkout
key and quote fingerprint), and ``cycling_script`` hands wrk one prepared request
after the other. Each webhook request delivers "paid" for another payment that the
local Mollie-compatible server already reports as paid (its first delivery: the
order becomes paid). When wrk runs out of prepared requests it starts over (then
they are replays), and the script reports how often that happened.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

# Prepared one-time requests per second of measuring: about 1.5 times what one sync
# worker handled on the fastest machine so far (105 orders and 97 webhooks per
# second; at 60 orders per second wrk had to send 5 again there); the report says
# when wrk had to send some again.
PLACE_PER_SECOND = 160
WEBHOOK_PER_SECOND = 150


def cycling_script(requests: list[tuple[str, str]], path: str, p95: str) -> str:
    """A wrk Lua script sending ``requests`` ((cookie, form body) pairs) as POSTs
    to ``path`` in turn; prints the p95 line and ``PREPARED n`` (the number of
    prepared requests, for ``wrapped_count``)."""
    items = ",\n".join(
        "{" + json.dumps(cookie) + ", " + json.dumps(body) + "}"
        for cookie, body in requests
    )
    return (
        p95.replace("done = function", "local report = function")
        + f"local items = {{\n{items}\n}}\n"
        + "local i = 0\n"
        + "request = function()\n"
        + "  i = i + 1\n"
        + "  if i > #items then i = 1 end\n"
        + "  local item = items[i]\n"
        + "  local headers = {}\n"
        + '  headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        + '  if item[1] ~= "" then headers["Cookie"] = item[1] end\n'
        + f'  return wrk.format("POST", {json.dumps(path)}, headers, item[2])\n'
        + "end\n"
        + "done = function(summary, latency, requests)\n"
        + "  report(summary, latency, requests)\n"
        + '  io.write(string.format("PREPARED %d\\n", #items))\n'
        + "end\n"
    )


def wrapped_count(output: str) -> int:
    """How many of the requests wrk completed were prepared ones sent again.

    wrk asks the script for one request it never sends before it starts, so the
    order is 2, 3, ..., n, 1, 2, ...: still every prepared request once before any
    twice, and the repeats are the completed requests beyond the prepared ones."""
    prepared = re.search(r"^PREPARED (\d+)$", output, re.M)
    completed = re.search(r"^\s*(\d+) requests in ", output, re.M)
    if not (prepared and completed):
        return 0
    return max(0, int(completed[1]) - int(prepared[1]))


def _request(port, method, path, *, cookie="", body=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = (
        {"Cookie": cookie, **(headers or {})} if cookie else dict(headers or {})
    )
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    connection.close()
    return response.status, data, {k: v.value for k, v in cookies.items()}


def checkout_one(
    port: int, csrf: str, line: tuple[int, str], shipping: int
) -> tuple[str, str]:
    """One shopper with a cart, details given, on the review page: the cookie
    and the form body that places the order."""
    product, sku = line
    status, data, cookies = _request(
        port,
        "POST",
        "/api/v1/cart/lines/",
        cookie=f"csrftoken={csrf}",
        body=json.dumps({"product": product, "sku": sku, "quantity": 1}).encode(),
        headers={"Content-Type": "application/json", "X-CSRFToken": csrf},
    )
    if status != 201:
        raise RuntimeError(f"cart add: HTTP {status} {data[:200]!r}")
    cookie = f"csrftoken={csrf}; sessionid={cookies['sessionid']}"
    details = {
        "csrfmiddlewaretoken": csrf,
        "email": "bench@example.com",
        "billing-full_name": "Bench Shopper",
        "billing-street": "Keizersgracht 1",
        "billing-postal_code": "1015 CJ",
        "billing-city": "Amsterdam",
        "billing-country": "NL",
        "ship_to_billing": "on",
        "shipping_method": str(shipping),
        "payment_method": "ideal",
    }
    status, data, _ = _request(
        port,
        "POST",
        "/checkout/",
        cookie=cookie,
        body=urllib.parse.urlencode(details).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 302:
        raise RuntimeError(f"checkout details: HTTP {status} {data[:300]!r}")
    status, data, _ = _request(port, "GET", "/checkout/review/", cookie=cookie)
    found = dict(
        re.findall(r'name="(checkout_key|fingerprint)" value="([^"]+)"', data.decode())
    )
    if status != 200 or len(found) != 2:
        raise RuntimeError(f"checkout review: HTTP {status}")
    body = urllib.parse.urlencode(
        {**found, "accept_terms": "on", "csrfmiddlewaretoken": csrf}
    )
    return cookie, body


def checkout_sessions(
    port: int, count: int, csrf: str, line: tuple[int, str], shipping: int
) -> list[tuple[str, str]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(
            pool.map(lambda _: checkout_one(port, csrf, line, shipping), range(count))
        )


def provider_payments_paid(mollie_port: int, payment_ids: list[str]) -> None:
    """The tester's "paid" on the local server's page, without the webhook."""

    def one(payment_id: str) -> None:
        status, data, _ = _request(
            mollie_port,
            "POST",
            f"/checkout/{payment_id}",
            body=b"status=paid&notify=no",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 204:
            raise RuntimeError(f"local provider: HTTP {status} {data[:200]!r}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, payment_ids))


def provider_create_script(p95: str) -> str:
    """wrk on the local provider's create-payment call, what checkout waits for."""
    body = json.dumps(
        {
            "amount": {"currency": "EUR", "value": "24.85"},
            "description": "Order bench",
            "redirectUrl": "http://127.0.0.1/return",
            "webhookUrl": "http://127.0.0.1/webhook",
            "method": "ideal",
        }
    )
    return (
        p95
        + 'wrk.method = "POST"\n'
        + f"wrk.body = {json.dumps(body)}\n"
        + 'wrk.headers["Content-Type"] = "application/json"\n'
        + 'wrk.headers["Authorization"] = "Bearer test_bench"\n'
    )
