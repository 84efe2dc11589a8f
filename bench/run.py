"""The benchmark: storefront pages served by gunicorn on PostgreSQL + Redis, each as a
ratio to a bare Django view measured in the same run.

    make bench                       # 5 rounds, 5 s per page, a 10,000-product catalog
    .venv/bin/python bench/run.py --quick      # 1 round, 2 s per page, 500 products

What it does, from a fresh machine:
1. installs wrk (Debian package) if missing, creates a scratch PostgreSQL database
   (``BENCH_DATABASE_URL``, default ``atelier_bench``) and empties a Redis database
   (``BENCH_REDIS_URL``, default db 12); migrates; imports the seed catalog and a
   generated 24-product catalog (``bench/generate_catalog.py``);
2. starts two gunicorn servers (one sync worker each, pinned to core 0, settings
   ``bench.settings``: DEBUG off, cached templates, persistent connections, Redis cache
   and sessions, media on the local disk): one with the anonymous page cache off
   ("uncached" rows) and one with it on ("cached" rows);
3. phase 1: every page once to warm up, then several rounds in alternating order,
   each page for a few seconds with ``wrk -t1 -c4 --latency`` pinned to core 1;
   placing an order and the payment webhook use one-time requests prepared through
   the real pages before each run (``bench/checkout.py``), payments going to the
   project's local Mollie-compatible server (core 1), measured alone too;
4. imports the generated catalog again with 10,000 products (the first 24 are the
   same products, so the category page shows the same 24 cards), timing the import;
   phase 2: the category page again, and the cached rows;
5. prints a Markdown table (req/s, p50, p99, ratio to the bare view of the same round
   as the median over rounds, SQL queries per page) and writes it to
   ``bench/results/latest.md``.

The query count of each page is measured in a separate process with the same settings
(second request of a page, the way the servers see it once warm). Nothing in the test
suite times pages; tests/bench checks the parsing and table code of this file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.checkout import (
    PLACE_PER_SECOND,
    WEBHOOK_PER_SECOND,
    checkout_sessions,
    cycling_script,
    provider_create_script,
    provider_payments_paid,
    wrapped_count,
)

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = {
    "uncached": 0.04,  # category (10k) and product, uncached
    "cached": 0.5,
    "p99_ms": 100.0,
    "constant": 0.15,  # category 24 cards: 10,000 vs 24 products
    "cart_add_p95_ms": 50.0,  # one worker
    "checkout_p95_ms": 300.0,  # placing an order, without the provider's time
}
MOLLIE_PORT = 8763
# The API's CSRF check for every visitor: a cookie and the same secret in the header
# (Django accepts the unmasked 32-character secret).
CSRF_SECRET = "benchbenchbenchbenchbenchbench12"
# A design with straight text, curved text and outlined text, as the designer
# sends it after each change (coordinates in mm of the front print area).
DESIGN_OBJECTS = [
    {
        "type": "IText",
        "text": "TEAM ATELIER",
        "fontFamily": "oswald",
        "fontSize": 30,
        "fill": "#111111",
        "left": 150,
        "top": 60,
        "arc": 90,
    },
    {
        "type": "IText",
        "text": "Since 2026",
        "fontFamily": "inter",
        "fontSize": 20,
        "fill": "#d62828",
        "left": 150,
        "top": 200,
    },
    {
        "type": "IText",
        "text": "10",
        "fontFamily": "bebas-neue",
        "fontSize": 60,
        "fill": "#ffffff",
        "stroke": "#111111",
        "strokeWidth": 1,
        "left": 150,
        "top": 300,
    },
]
# Prints the 95th percentile, which ``wrk --latency`` does not show.
P95_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
end
"""


# --- Parsing and tables (pure, tested in tests/bench) ---------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_duration_ms(text: str) -> float:
    """wrk's "1.23ms", "850.00us", "2.01s" as milliseconds."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(us|ms|s|m)\s*", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int = 0
    p95_ms: float | None = None
    non_2xx: int = 0
    # Prepared one-time requests that wrk had to send again (bench/checkout.py).
    wrapped: int = 0


def parse_wrk(output: str) -> WrkResult:
    """Requests/sec and the 50 % and 99 % latencies of ``wrk --latency``."""
    rps = re.search(r"Requests/sec:\s*([\d.]+)", output)
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.M)
    if not (rps and p50 and p99):
        raise ValueError("wrk output without Requests/sec or latency distribution")
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    if non2xx:
        errors += int(non2xx[1])
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        errors += sum(int(n) for n in socket.groups())
    p95 = re.search(r"^P95_US (\d+)$", output, re.M)
    return WrkResult(
        requests_per_second=float(rps[1]),
        p50_ms=parse_duration_ms(p50[1]),
        p99_ms=parse_duration_ms(p99[1]),
        errors=errors,
        p95_ms=int(p95[1]) / 1000 if p95 else None,
        non_2xx=int(non2xx[1]) if non2xx else 0,
        wrapped=wrapped_count(output),
    )


def check_statuses(result: WrkResult, label: str, output: str = "") -> WrkResult:
    """The run stops if wrk saw any error status: a row of failed requests (a 403
    from CSRF, a 409 for stock) would measure the error page, not the page."""
    if result.non_2xx:
        raise RuntimeError(
            f"{label}: {result.non_2xx} non-2xx responses during the wrk run\n{output}"
        )
    return result


def wrk_script(method: str = "GET", body: str = "") -> str:
    """The Lua script of one wrk run: the p95 line, and for a POST its JSON body and
    the CSRF cookie and header of a first-time visitor (no session cookie)."""
    script = P95_SCRIPT
    if method != "GET":
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": CSRF_SECRET,
            "Cookie": f"csrftoken={CSRF_SECRET}",
        }
        script += f"wrk.method = {json.dumps(method)}\n"
        script += f"wrk.body = {json.dumps(body)}\n"
        script += "".join(
            f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n"
            for k, v in headers.items()
        )
    return script


@dataclass
class Row:
    name: str
    results: list[WrkResult] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    queries: int | None = None

    @property
    def rps(self) -> float:
        return statistics.median(r.requests_per_second for r in self.results)

    @property
    def p50(self) -> float:
        return statistics.median(r.p50_ms for r in self.results)

    @property
    def p99(self) -> float:
        return statistics.median(r.p99_ms for r in self.results)

    @property
    def p95(self) -> float | None:
        values = [r.p95_ms for r in self.results if r.p95_ms is not None]
        return statistics.median(values) if values else None

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def add_round(rows: dict[str, Row], bare: str, measured: dict[str, WrkResult]) -> None:
    """One round's results; each ratio is to the bare view of the same round."""
    base = measured[bare].requests_per_second
    for name, result in measured.items():
        row = rows.setdefault(name, Row(name))
        row.results.append(result)
        row.ratios.append(result.requests_per_second / base if base else 0.0)


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| page | req/s | p50 ms | p95 ms | p99 ms | ratio to bare view | SQL queries |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        queries = "" if row.queries is None else str(row.queries)
        p95 = "" if row.p95 is None else f"{row.p95:.2f}"
        lines.append(
            f"| {row.name} | {row.rps:,.0f} | {row.p50:.2f} | {p95} | {row.p99:.2f} "
            f"| {row.ratio:.3f} | {queries} |"
        )
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- Running ---------------------------------------------------------------------------


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("The benchmark needs wrk: sudo apt-get install wrk")
    return wrk


def pinned(core: int, cmd: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(core), *cmd]
    return cmd


def database_reset(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def wait_until_up(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not answer")


def fetch_ok(page: Page) -> None:
    """One request as wrk will send it; the expected answer (``Page.status``, else
    any 2xx) or the run stops here."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{page.port}{page.path}", method=page.method
    )
    if page.method != "GET":
        request.data = page.body.encode()
        request.add_header("Content-Type", "application/json")
        request.add_header("X-CSRFToken", CSRF_SECRET)
        request.add_header("Cookie", f"csrftoken={CSRF_SECRET}")
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            status = r.status
    except urllib.error.HTTPError as error:
        raise RuntimeError(
            f"{page.method} {page.path}: HTTP {error.code} {error.read()[:300]!r}"
        ) from None
    expected = status == page.status if page.status else 200 <= status < 300
    if not expected:
        raise RuntimeError(
            f"{page.method} {page.path}: HTTP {status}, expected {page.status or '2xx'}"
        )


def wrk(binary: str, page: Page, seconds: float, connections: int = 4):
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(
            page.script(seconds) if page.script else wrk_script(page.method, page.body)
        )
        script.flush()
        out = subprocess.run(
            pinned(
                1,
                [
                    binary,
                    "-t1",
                    f"-c{connections}",
                    f"-d{max(1, round(seconds))}s",
                    "--latency",
                    "-s",
                    script.name,
                    f"http://127.0.0.1:{page.url_port}{page.path}",
                ],
            ),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return check_statuses(parse_wrk(out), f"{page.method} {page.path}", out)


QUERY_COUNTER = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
counts = {}
for path, method, body in json.loads(sys.argv[1]):
    def send():
        client = Client()
        if method == "GET":
            return client.get(path)
        return client.post(path, body, content_type="application/json")
    send()
    send()
    seen = []
    with connection.execute_wrapper(lambda ex, sql, p, many, ctx: seen.append(sql) or ex(sql, p, many, ctx)):
        response = send()
    assert 200 <= response.status_code < 300, (path, response.status_code)
    counts[path + " " + method] = len(seen)
print(json.dumps(counts))
"""


def query_counts(env: dict, pages: list[Page]) -> dict[str, int]:
    """SQL queries of each page's third request, by ``Page.key``."""
    requests = [[p.path, p.method, p.body] for p in pages]
    out = run(
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(requests)],
        env,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@dataclass
class Page:
    name: str
    path: str
    port: int
    method: str = "GET"
    body: str = ""
    status: int | None = None  # the answer fetch_ok expects; None: any 2xx
    # A wrk script made anew for each run (seconds -> Lua): one-time requests.
    script: object = None
    # Where the requests go when that is not the server the row is compared on.
    host_port: int | None = None

    @property
    def key(self) -> str:
        return f"{self.path} {self.method}"

    @property
    def url_port(self) -> int:
        return self.host_port or self.port


def measure(binary: str, pages: list[Page], rounds: int, seconds: float, bare: dict):
    """Warm-up, then ``rounds`` rounds in alternating order; rows by page name."""
    for page in pages:
        if page.script is None:
            fetch_ok(page)
        wrk(binary, page, 1)
    rows: dict[str, Row] = {}
    for index in range(rounds):
        order = pages if index % 2 == 0 else list(reversed(pages))
        measured = {p.name: wrk(binary, p, seconds) for p in order}
        for port, bare_name in bare.items():
            group = {p.name: measured[p.name] for p in pages if p.port == port}
            add_round(rows, bare_name, group)
        print(f"  round {index + 1}/{rounds} done", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument(
        "--quick", action="store_true", help="1 round, 2 s, 500 products"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/latest.md")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.duration, args.products = 1, 2, 500

    binary = ensure_wrk()
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/atelier_bench"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    scratch = Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_MEDIA_ROOT": str(scratch / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "PYTHONPATH": str(ROOT),
        # Payments go to the project's local Mollie-compatible server (core 1,
        # beside the load generator); order e-mails are rendered, not delivered.
        "MOLLIE_API_ENDPOINT": f"http://127.0.0.1:{MOLLIE_PORT}",
        "SHOP_BASE_URL": "http://127.0.0.1:8761",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    env.pop("DJANGO_ENV", None)
    print(f"Setting up {database_url} and {redis_url}...", file=sys.stderr)
    database_reset(database_url)
    redis_flush(redis_url)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v0"], env)
    run([*manage, "import_catalog", "-v0"], env)
    small = scratch / "catalog-24.json"
    big = scratch / f"catalog-{args.products}.json"
    generator = [PYTHON, "bench/generate_catalog.py"]
    run([*generator, "--products", "24", "--out", str(small)], env)
    run([*generator, "--products", str(args.products), "--out", str(big)], env)
    run([*manage, "import_catalog", str(small), "-v0"], env)

    paths = json.loads(
        run(
            [
                PYTHON,
                "-c",
                "import django, json; django.setup()\n"
                "from shop.catalog.models import CategoryPage, ProductPage\n"
                "seed = CategoryPage.objects.live().exclude(url_path__contains='/bench')"
                ".order_by('-numchild', 'path').first()\n"
                "bench = CategoryPage.objects.get(slug='bench-catalog')\n"
                "product = ProductPage.objects.live().exclude(url_path__contains="
                "'/bench').order_by('path').first()\n"
                "from shop.catalog.models import StockLevel\n"
                "bench_products = ProductPage.objects.live().filter(url_path__contains="
                "'/bench').order_by('path')[:2]\n"
                "lines = [(p.pk, p.variants.order_by('sort_order').first().sku)"
                " for p in bench_products]\n"
                "assert len(lines) == 2, lines\n"
                "assert StockLevel.objects.filter(sku__in=[s for _, s in lines])"
                ".update(quantity=1_000_000) == 2, lines\n"
                "color = product.colors.order_by('sort_order').first().name\n"
                "from shop.checkout.models import ShippingMethod\n"
                "shipping = ShippingMethod.objects.filter(active=True).first().pk\n"
                "print(json.dumps({'seed': seed.url, 'bench': bench.url,"
                " 'product': product.url, 'product_id': product.pk, 'color': color,"
                " 'lines': lines, 'shipping': shipping}))",
            ],
            env,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )

    uncached_port, cached_port = 8761, 8762
    servers = [
        subprocess.Popen(
            pinned(
                1,
                [
                    PYTHON,
                    "-m",
                    "shop.payments.mollie_local",
                    "--port",
                    str(MOLLIE_PORT),
                ],
            ),
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
    ]
    try:
        for port, page_cache in ((uncached_port, "false"), (cached_port, "true")):
            servers.append(
                subprocess.Popen(
                    pinned(
                        0,
                        [
                            PYTHON,
                            "-m",
                            "gunicorn",
                            "config.wsgi:application",
                            "--workers",
                            "1",
                            "--worker-class",
                            "sync",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--log-level",
                            "warning",
                        ],
                    ),
                    env={**env, "DJANGO_PAGE_CACHE": page_cache},
                    cwd=ROOT,
                    start_new_session=True,
                )
            )
        for port in (uncached_port, cached_port):
            wait_until_up(port)

        u, c = uncached_port, cached_port
        first, second = paths["lines"]

        def place_script(seconds: float) -> str:
            sessions = checkout_sessions(
                u,
                max(20, round(PLACE_PER_SECOND * seconds)),
                CSRF_SECRET,
                first,
                paths["shipping"],
            )
            return cycling_script(sessions, "/checkout/review/", P95_SCRIPT)

        def webhook_script(seconds: float) -> str:
            ids = []
            for cookie, body in checkout_sessions(
                u,
                max(20, round(WEBHOOK_PER_SECOND * seconds)),
                CSRF_SECRET,
                first,
                paths["shipping"],
            ):
                ids.append(place_for_payment_id(u, cookie, body))
            provider_payments_paid(MOLLIE_PORT, ids)
            return cycling_script(
                [("", f"id={i}") for i in ids], "/payments/webhook/", P95_SCRIPT
            )

        phase1 = [
            Page("bare Django view", "/bench/bare/", u),
            Page("naive 24-product Django page", "/bench/naive/", u),
            Page("home", "/", u),
            Page("category, seed", paths["seed"], u),
            Page("category, 24 cards, 24 products", paths["bench"], u),
            Page("product", paths["product"], u),
            Page("search “shirt”", "/search/?q=shirt", u),
            Page("product API list", "/api/v1/products/", u),
            Page(
                "cart add (API, a new visitor)",
                "/api/v1/cart/lines/",
                u,
                "POST",
                json.dumps({"product": first[0], "sku": first[1], "quantity": 1}),
                201,
            ),
            Page(
                "quote (API, 2 lines, 15 pieces)",
                "/api/v1/cart/quote/",
                u,
                "POST",
                json.dumps(
                    {
                        "lines": [
                            {"product": first[0], "sku": first[1], "quantity": 12},
                            {"product": second[0], "sku": second[1], "quantity": 3},
                        ]
                    }
                ),
                200,
            ),
            Page("designer page", f"/design/{paths['product_id']}/", u),
            Page(
                "checkout: place order (incl. the provider's create payment)",
                "/checkout/review/",
                u,
                "POST",
                script=place_script,
            ),
            Page(
                "webhook: payment paid (incl. the provider's status fetch)",
                "/payments/webhook/",
                u,
                "POST",
                script=webhook_script,
            ),
            Page(
                "local provider alone: create payment",
                "/v2/payments",
                u,
                "POST",
                script=lambda seconds: provider_create_script(P95_SCRIPT),
                host_port=MOLLIE_PORT,
            ),
            Page(
                "design check (API, 3 objects)",
                "/api/v1/designer/check/",
                u,
                "POST",
                json.dumps(
                    {
                        "product": paths["product_id"],
                        "color": paths["color"],
                        "document": {"views": {"front": {"objects": DESIGN_OBJECTS}}},
                    }
                ),
                200,
            ),
        ]
        print("Phase 1: the seed and a 24-product catalog", file=sys.stderr)
        rows1 = measure(
            binary, phase1, args.rounds, args.duration, {u: "bare Django view"}
        )
        counts1 = query_counts(
            env | {"DJANGO_PAGE_CACHE": "false"}, [p for p in phase1 if not p.script]
        )

        print(f"Importing {args.products} products...", file=sys.stderr)
        started = time.monotonic()
        run([*manage, "import_catalog", str(big), "-v0"], env)
        import_seconds = time.monotonic() - started

        phase2 = [
            Page("bare Django view (phase 2)", "/bench/bare/", u),
            Page(f"category, 24 cards, {args.products:,} products", paths["bench"], u),
            Page("product (phase 2)", paths["product"], u),
            Page("bare Django view (cached server)", "/bench/bare/", c),
            Page("home, anonymous cache", "/", c),
            Page(
                f"category, {args.products:,} products, anonymous cache",
                paths["bench"],
                c,
            ),
            Page("product, anonymous cache", paths["product"], c),
        ]
        print(f"Phase 2: {args.products} products", file=sys.stderr)
        rows2 = measure(
            binary,
            phase2,
            args.rounds,
            args.duration,
            {u: "bare Django view (phase 2)", c: "bare Django view (cached server)"},
        )
        counts2 = query_counts(
            env | {"DJANGO_PAGE_CACHE": "false"}, [p for p in phase2 if p.port == u]
        )
        counts2c = query_counts(
            env | {"DJANGO_PAGE_CACHE": "true"}, [p for p in phase2 if p.port == c]
        )
    finally:
        for server in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)

    for page in phase1:
        rows1[page.name].queries = counts1.get(page.key)
    for page in phase2:
        rows2[page.name].queries = (counts2 if page.port == u else counts2c)[page.key]
    table_rows = [rows1[p.name] for p in phase1] + [rows2[p.name] for p in phase2]

    big_category = rows2[f"category, 24 cards, {args.products:,} products"]
    small_category = rows1["category, 24 cards, 24 products"]
    product_row = rows1["product"]
    cart_add = rows1["cart add (API, a new visitor)"]
    quote_row = rows1["quote (API, 2 lines, 15 pieces)"]
    place_row = rows1["checkout: place order (incl. the provider's create payment)"]
    webhook_row = rows1["webhook: payment paid (incl. the provider's status fetch)"]
    provider_row = rows1["local provider alone: create payment"]
    wrapped = sum(r.wrapped for row in (place_row, webhook_row) for r in row.results)
    cached = [rows2[p.name] for p in phase2 if p.port == c and "anonymous" in p.name]
    constant = small_category.p50 and big_category.p50 / small_category.p50 - 1
    uncached_rows = [
        r for r in table_rows if r in (big_category, product_row, small_category)
    ]
    errors = sum(r.errors for row in table_rows for r in row.results)
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at revision "
        + subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        + f" on {cpu_model()} ({os.cpu_count()} cores), Python {platform.python_version()}: "
        f"gunicorn (1 sync worker, core 0), PostgreSQL + Redis, `wrk -t1 -c4` (core 1), "
        f"{args.rounds} alternating rounds of {args.duration:g} s per page, medians. "
        "The ratio is the page's req/s over the bare view's in the same round.",
        "",
        markdown_table(table_rows),
        "",
        f"- Category (24 cards, {args.products:,} products) uncached ratio "
        f"{big_category.ratio:.3f}, product page {product_row.ratio:.3f}: target ≥ "
        f"{TARGETS['uncached']} {verdict(min(big_category.ratio, product_row.ratio) >= TARGETS['uncached'])}.",
        f"- Anonymous cached pages: ratios {', '.join(f'{r.ratio:.2f}' for r in cached)}: "
        f"target ≥ {TARGETS['cached']} {verdict(all(r.ratio >= TARGETS['cached'] for r in cached))}.",
        f"- p99 at 4 connections, uncached: at most {max(r.p99 for r in uncached_rows):.1f} ms: "
        f"target < {TARGETS['p99_ms']:.0f} ms {verdict(max(r.p99 for r in uncached_rows) < TARGETS['p99_ms'])}.",
        f"- Constant time: the 24-card category takes {constant:+.1%} (p50) with "
        f"{args.products:,} products than with 24: target within ±15 % "
        f"{verdict(abs(constant) <= TARGETS['constant'])}.",
        f"- Cart add p95 {cart_add.p95:.1f} ms (one worker, 4 connections), quote p95 "
        f"{quote_row.p95:.1f} ms: target < {TARGETS['cart_add_p95_ms']:.0f} ms "
        f"{verdict(cart_add.p95 < TARGETS['cart_add_p95_ms'])}.",
        f"- Checkout (placing an order: stock, codes, order rows, the payment at the "
        f"provider) p95 {place_row.p95:.1f} ms, of which the local provider's create "
        f"payment alone takes p95 {provider_row.p95:.1f} ms: "
        f"{place_row.p95 - provider_row.p95:.1f} ms without the provider, target < "
        f"{TARGETS['checkout_p95_ms']:.0f} ms "
        f"{verdict(place_row.p95 - provider_row.p95 < TARGETS['checkout_p95_ms'])}. "
        f"Webhook (first delivery of paid: status fetch, locks, transition, e-mail "
        f"rendered) p95 {webhook_row.p95:.1f} ms. Prepared one-time requests sent "
        f"again: {wrapped}.",
        f"- Import of the {args.products:,}-product catalog: {import_seconds:.0f} s "
        f"({args.products / import_seconds:.0f} products/s) including renditions.",
        f"- Errors during the runs: {errors} (a non-2xx answer stops the run; "
        "these are wrk's socket errors).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")


def place_for_payment_id(port: int, cookie: str, body: str) -> str:
    """Place a prepared checkout; the provider's payment id it was sent to."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        "/checkout/review/",
        body=body,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    location = response.getheader("Location") or ""
    connection.close()
    match = re.search(r"/checkout/(tr_\w+)$", location)
    if response.status != 302 or not match:
        raise RuntimeError(f"place order: HTTP {response.status} {location}")
    return match[1]


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
