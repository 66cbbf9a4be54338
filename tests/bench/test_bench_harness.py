"""The load-test harness reads wrk's output honestly."""

import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"

WRK_OUTPUT = """\
Running 15s test @ http://127.0.0.1:8800/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   104.52ms  201.33ms   1.99s    91.99%
    Req/Sec    97.21     40.10   210.00     68.42%
  Latency Distribution
     50%   41.20ms
     75%   80.02ms
     90%  250.10ms
     99%    1.20s
  2903 requests in 15.02s, 50.71MB read
  Socket errors: connect 0, read 3, write 0, timeout 57
  Non-2xx or 3xx responses: 4
Requests/sec:    193.27
Transfer/sec:      3.38MB
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_percentiles_come_from_the_distribution_not_the_stdev_column(bench):
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result["p50"] == pytest.approx(41.2)
    assert result["p99"] == pytest.approx(1200.0)
    assert result["rps"] == pytest.approx(193.27)


def test_socket_errors_timeouts_and_non_2xx_are_reported(bench):
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result["socket_errors"] == 3
    assert result["timeouts"] == 57
    assert result["non2xx"] == 4
    assert result["requests"] == 2903


def test_a_run_with_timeouts_misses_its_target_however_fast(bench):
    result = bench.parse_wrk(WRK_OUTPUT)
    assert bench.verdict(False, "home", result).startswith("MISSED")
    clean = result | {"socket_errors": 0, "timeouts": 0, "non2xx": 0}
    assert bench.verdict(False, "home", clean).startswith("ok")
    assert bench.verdict(True, "home", clean).startswith("MISSED")  # < 1,000 cached


def test_the_uncached_pass_keeps_redis(bench):
    uncached = bench.env(cache=False)
    assert uncached["REDIS_URL"] == bench.REDIS_URL
    assert uncached["DISABLE_PAGE_CACHE"] == "1"
    assert "DISABLE_PAGE_CACHE" not in bench.env(cache=True)


@pytest.mark.django_db
def test_bench_admin_measures_the_listings_and_leaves_no_account(settings):
    import json
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.BENCH_MODE = True
    users_before = get_user_model().objects.count()
    out = StringIO()
    call_command("bench_admin", rounds=2, stdout=out)
    results = json.loads(out.getvalue())
    assert set(results) == {"admin applications", "admin objections", "admin parks"}
    for figures in results.values():
        assert figures["status"] == 200
        assert figures["queries"] > 0
        assert figures["p50_ms"] > 0
    assert get_user_model().objects.count() == users_before


@pytest.mark.django_db
def test_bench_headers_count_queries_and_cache_calls(client, settings):
    from django.core.cache import cache

    settings.MIDDLEWARE = [
        "demosite.middleware.QueryCountHeaderMiddleware",
        *settings.MIDDLEWARE,
    ]
    response = client.get("/api/workdays/window?start=2026-09-30&days=5")
    assert int(response["X-Query-Count"]) >= 0
    first = int(response["X-Cache-Calls"])
    assert first >= 1  # the holiday calendar is read through the cache
    cache.get("one-more")  # outside a request: not counted in the next one
    again = client.get("/api/workdays/window?start=2026-09-30&days=5")
    assert int(again["X-Cache-Calls"]) <= first


@pytest.mark.django_db
def test_bench_first_render_builds_afresh_before_every_request(settings):
    """Each measured request meets a new content generation: nothing kept is
    reused, so the figures are those of a reader right after a change."""
    import json
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command

    from notices.services import built

    settings.BENCH_MODE = True
    settings.PAGE_CACHE_SECONDS = 0
    calls = []
    original = built._kept

    def counting(generation, key, build):
        def counted():
            calls.append(key)
            return build()

        return original(generation, key, counted)

    with mock.patch.object(built, "_kept", counting):
        out = StringIO()
        call_command("bench_first_render", "/api/parks", rounds=3, stdout=out)
    results = json.loads(out.getvalue())
    assert results["/api/parks"]["status"] == 200
    assert results["/api/parks"]["queries"] > 0  # built from the database
    bodies = [key for key in calls if key.startswith("notices:built:")]
    assert len(bodies) == 4  # the warm-up and each of the 3 rounds built it
    assert len(set(bodies)) == 4  # under a new generation each time


@pytest.mark.django_db
def test_bench_first_render_refuses_with_the_page_cache_on(settings):
    from django.core.management import CommandError, call_command

    settings.BENCH_MODE = True
    settings.PAGE_CACHE_SECONDS = 300
    with pytest.raises(CommandError):
        call_command("bench_first_render", "/")
