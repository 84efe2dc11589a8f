"""The benchmark's own parts: wrk parsing, ratios per round, the table, the catalog
generator (reproducible, importable). Nothing here times anything."""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading

import pytest

from bench.generate_catalog import catalog
from bench.run import (
    Row,
    WrkResult,
    add_round,
    check_statuses,
    markdown_table,
    parse_duration_ms,
    parse_wrk,
    wrk_script,
)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8761/apparel/t-shirts/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.10ms    3.02ms  60.01ms   90.00%
    Req/Sec   159.40     10.11   180.00     80.00%
  Latency Distribution
     50%   24.80ms
     75%   26.00ms
     90%   28.00ms
     99%  850.00us
  797 requests in 5.00s, 12.10MB read
  Non-2xx or 3xx responses: 2
Requests/sec:    159.25
Transfer/sec:      2.42MB
"""


def test_wrk_output_is_read_into_numbers():
    result = parse_wrk(WRK_OUTPUT)

    assert result.requests_per_second == 159.25
    assert result.p50_ms == 24.8
    assert result.p99_ms == 0.85
    assert result.errors == 2
    assert result.p95_ms is None


def test_non_2xx_answers_are_counted_apart_from_socket_errors():
    result = parse_wrk(
        WRK_OUTPUT.replace(
            "  Non-2xx or 3xx responses: 2\n",
            "  Socket errors: connect 0, read 3, write 0, timeout 1\n",
        )
    )

    assert result.non_2xx == 0
    assert result.errors == 4
    assert parse_wrk(WRK_OUTPUT).non_2xx == 2


def test_a_run_with_non_2xx_answers_stops_the_benchmark():
    with pytest.raises(RuntimeError, match="POST /api/v1/cart/lines/: 2 non-2xx"):
        check_statuses(parse_wrk(WRK_OUTPUT), "POST /api/v1/cart/lines/")


def test_a_run_without_error_statuses_goes_on():
    clean = parse_wrk(WRK_OUTPUT.replace("  Non-2xx or 3xx responses: 2\n", ""))

    assert check_statuses(clean, "GET /") is clean


def test_the_p95_line_of_the_script_is_read():
    result = parse_wrk(WRK_OUTPUT + "P95_US 31250\n")

    assert result.p95_ms == 31.25


def test_the_script_of_a_post_sends_json_and_the_csrf_pair():
    script = wrk_script("POST", '{"product": 7, "sku": "A-1"}')

    assert "latency:percentile(95)" in script
    assert 'wrk.method = "POST"' in script
    assert 'wrk.body = "{\\"product\\": 7, \\"sku\\": \\"A-1\\"}"' in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script
    cookie = next(line for line in script.splitlines() if '"Cookie"' in line)
    header = next(line for line in script.splitlines() if '"X-CSRFToken"' in line)
    assert header.split('"')[-2] in cookie
    assert "wrk.method" not in wrk_script()


@pytest.mark.parametrize(
    ("text", "ms"), [("850.00us", 0.85), ("1.5ms", 1.5), ("2.01s", 2010.0)]
)
def test_wrk_durations_in_milliseconds(text, ms):
    assert parse_duration_ms(text) == pytest.approx(ms)


@pytest.mark.parametrize("text", ["", "12", "1.2h", "ms"])
def test_other_text_is_not_a_duration(text):
    with pytest.raises(ValueError):
        parse_duration_ms(text)


def test_output_without_results_is_refused():
    with pytest.raises(ValueError):
        parse_wrk("unable to connect to 127.0.0.1:8761 Connection refused")


def test_ratios_are_to_the_bare_view_of_the_same_round():
    rows: dict[str, Row] = {}
    add_round(
        rows,
        "bare",
        {"bare": WrkResult(2000, 1, 2), "page": WrkResult(100, 10, 20)},
    )
    add_round(
        rows,
        "bare",
        {"bare": WrkResult(1000, 1, 2), "page": WrkResult(80, 12, 30)},
    )
    add_round(
        rows,
        "bare",
        {"bare": WrkResult(1000, 1, 2), "page": WrkResult(60, 14, 40)},
    )

    assert rows["page"].ratios == [0.05, 0.08, 0.06]
    assert rows["page"].ratio == 0.06  # the median of the rounds' ratios
    assert rows["page"].p99 == 30


def test_the_table_is_markdown_with_one_row_per_page():
    row = Row(
        "category", [WrkResult(159.25, 24.8, 31.5, p95_ms=29.0)], [0.0451], queries=1
    )
    old = Row("home", [WrkResult(200, 20, 30)], [0.05])

    table = markdown_table([row, old]).splitlines()

    assert table[0].startswith("| page | req/s | p50 ms | p95 ms |")
    assert table[2] == "| category | 159 | 24.80 | 29.00 | 31.50 | 0.045 | 1 |"
    assert table[3] == "| home | 200 | 20.00 |  | 30.00 | 0.050 |  |"


def test_the_generated_catalog_is_reproducible_and_grows_by_appending():
    small = catalog(products=24, seed=1)
    again = catalog(products=24, seed=1)
    big = catalog(products=60, seed=1)

    assert json.dumps(small) == json.dumps(again)
    assert big["products"][:24] == small["products"]
    assert set(small["stock"]).issubset(big["stock"])
    assert catalog(products=24, seed=2)["products"] != small["products"]
    assert any("shirt" in p["title"].lower() for p in big["products"])


@pytest.mark.django_db
def test_the_generated_catalog_imports_and_is_idempotent(tmp_path):
    from shop.catalog.importexport import catalog_import, catalog_load
    from shop.catalog.models import ProductPage

    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog(products=12, seed=3)))
    data, base_dir = catalog_load(path=path)

    first = catalog_import(data=data, base_dir=base_dir, warm_renditions=False)
    second = catalog_import(data=data, base_dir=base_dir, warm_renditions=False)

    assert first.products_created == 12
    assert second.products_unchanged == 12
    assert ProductPage.objects.live().filter(slug__startswith="bench-").count() == 12


def test_the_cycling_script_sends_each_prepared_request_in_turn():
    from bench.checkout import cycling_script, wrapped_count
    from bench.run import P95_SCRIPT

    script = cycling_script(
        [("sessionid=a", "x=1"), ("", "id=tr_1")], "/checkout/review/", P95_SCRIPT
    )

    assert '{"sessionid=a", "x=1"}' in script and '{"", "id=tr_1"}' in script
    assert 'wrk.format("POST", "/checkout/review/", headers, item[2])' in script
    assert "P95_US" in script and "PREPARED" in script
    assert wrapped_count("  7 requests in 1.00s, 1KB read\nPREPARED 5\n") == 2
    assert wrapped_count("  4 requests in 1.00s, 1KB read\nPREPARED 5\n") == 0
    assert wrapped_count("Requests/sec: 1\n") == 0


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is installed by make bench")
def test_the_cycling_script_counts_each_request_sent_again(tmp_path):
    """Run by wrk against a server that records the bodies: every prepared request
    goes out once before any goes out again, and wrapped_count counts the repeats."""
    from bench.checkout import cycling_script, wrapped_count
    from bench.run import P95_SCRIPT

    bodies = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "cycle.lua"
    script.write_text(
        cycling_script([("", "id=1"), ("", "id=2"), ("", "id=3")], "/x", P95_SCRIPT)
    )
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                "-c1",
                "-d1s",
                "-s",
                str(script),
                f"http://127.0.0.1:{server.server_port}/x",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    finally:
        server.shutdown()

    assert len(bodies) > 6
    assert sorted(bodies[:3]) == [b"id=1", b"id=2", b"id=3"]
    assert bodies[3:6] == bodies[:3]
    # The last request may still have been on its way when wrk stopped.
    assert wrapped_count(output) in (len(bodies) - 3, len(bodies) - 4)
