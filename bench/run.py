"""Side-by-side page timings: each storefront page as a ratio to a bare Django view.

Runs in-process against a scratch SQLite database seeded with the seed catalog, so it
needs no service. Usage: `make bench` (or .venv/bin/python bench/run.py [--requests N]).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(scratch / "media")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    from shop.accounts.models import Address, User
    from shop.catalog.models import CategoryPage, ProductPage

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command(
        "import_catalog", str(ROOT / "fixtures/seed/catalog.json"), verbosity=0
    )

    import config.urls

    config.urls.urlpatterns.insert(0, path("bench-bare/", lambda r: HttpResponse("ok")))
    clear_url_caches()

    category = CategoryPage.objects.live().order_by("-numchild", "path").first()
    product = ProductPage.objects.live().first()
    buyer = User.objects.create_user(email="bench@example.com", password="x")
    for n in range(3):
        Address.objects.create(
            user=buyer,
            full_name=f"Bench Buyer {n}",
            street="Bahnhofstrasse 1",
            postal_code="8001",
            city="Zürich",
            country="CH",
            is_default_billing=n == 0,
            is_default_shipping=n == 0,
        )
    anonymous = Client()
    logged_in = Client()
    logged_in.force_login(buyer)
    pages = {
        "bare Django view": ("/bench-bare/", anonymous),
        "home": ("/", anonymous),
        "category": (category.url, anonymous),
        "product": (product.url, anonymous),
        "search": ("/search/?q=shirt", anonymous),
        "API products": ("/api/v1/products/", anonymous),
        "login page": ("/account/login/", anonymous),
        "account overview": ("/account/", logged_in),
        "address book": ("/account/addresses/", logged_in),
    }
    rows = []
    for name, (url, client) in pages.items():
        client.get(url)  # warm caches and renditions
        samples = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        samples.sort()
        rows.append(
            (
                name,
                statistics.median(samples),
                samples[int(len(samples) * 0.95) - 1],
                len(queries.captured_queries),
            )
        )
    base = rows[0][1]
    print(f"{args.requests} requests per page, in-process, SQLite, one core")
    print(f"{'page':<18}{'p50 ms':>9}{'p95 ms':>9}{'x bare':>9}{'queries':>9}")
    for name, p50, p95, count in rows:
        print(
            f"{name:<18}{p50 * 1000:>9.2f}{p95 * 1000:>9.2f}{p50 / base:>9.1f}{count:>9}"
        )


if __name__ == "__main__":
    main()
