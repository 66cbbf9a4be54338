"""`make bench`: load-test the site under gunicorn on PostgreSQL and write a table.

Steps: create a scratch PostgreSQL database, migrate, load holidays and a large
generated dataset, start gunicorn (2 sync workers) with production settings,
drive each page with wrk (16 connections, fixed duration) once with the Redis
page cache and once with the page cache off (Redis stays the cache, as in
production), measure the admin listings, and write req/s, p50, p99, socket
errors and timeouts, queries and cache calls per request, and whether each
target is met to bench-results/results.md. The scratch database is dropped at
the end. The exit status is non-zero when a target is missed.

Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
OUT = ROOT / "bench-results"
PG_ADMIN = os.environ.get(
    "BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = os.environ.get("BENCH_DB", "jzpark_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
PORT = int(os.environ.get("BENCH_PORT", "8800"))
DURATION = os.environ.get("BENCH_DURATION", "15s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PARKS = int(os.environ.get("BENCH_PARKS", "1000"))


def env(cache: bool) -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        {
            "DJANGO_SETTINGS_MODULE": "demosite.settings.production",
            "DJANGO_SECRET_KEY": "bench-" + "x7Kq9mZ2vB4nL8pR3tW6yC1dF5gH0jS" * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{PORT}",
            # Production settings require a mail server; the benchmark's objections
            # carry no email address, so nothing is ever sent to it.
            "DJANGO_EMAIL_URL": "smtp://127.0.0.1:25",
            "DATABASE_URL": PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME,
            "DATABASE_CONN_MAX_AGE": "60",
            "BENCH_QUERY_HEADER": "1",
            "BENCH_MODE": "1",
        }
    )
    # Production shares Redis between servers; the uncached pass keeps it and
    # switches only the page cache off, so every cache round trip is paid.
    e["REDIS_URL"] = REDIS_URL
    if cache:
        e.pop("DISABLE_PAGE_CACHE", None)
    else:
        e["DISABLE_PAGE_CACHE"] = "1"
    return e


def manage(*args: str, cache: bool = True) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env(cache),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def create_database() -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def analyse_database() -> None:
    """Statistics for the planner, as autovacuum keeps them on a live database
    (a freshly bulk-loaded one has none, and the planner guesses one row)."""
    import psycopg

    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + DB_NAME
    with psycopg.connect(
        url.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute("ANALYZE")


def drop_database() -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def start_gunicorn(cache: bool) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(PY).parent)) or "gunicorn"
    proc = subprocess.Popen(
        [
            gunicorn,
            "--pythonpath",
            "site",
            "demosite.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(cache),
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2)
            return proc
        except Exception:  # noqa: BLE001 - still starting
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=20)


def counts(path: str) -> tuple[str, str]:
    """Queries and cache calls of one request, from the bench headers."""
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=20) as r:
        return r.headers.get("X-Query-Count", "?"), r.headers.get("X-Cache-Calls", "?")


def to_ms(value: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", value)
    if not match:
        return float("nan")
    number, unit = float(match.group(1)), match.group(2)
    return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number


def parse_wrk(out: str) -> dict:
    """The figures of one ``wrk --latency`` run.

    Percentiles are read from the "Latency Distribution" block only (the thread
    stats line above it ends with a "+/- Stdev" percentage that a loose pattern
    would take for the 99th percentile).
    """
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    distribution = out.split("Latency Distribution", 1)[-1]

    def percentile(p: int) -> float:
        match = re.search(rf"^\s*{p}%\s+(\S+)\s*$", distribution, re.M)
        return to_ms(match.group(1)) if match else float("nan")

    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    connect, read, write, timeout = (
        (int(n) for n in errors.groups()) if errors else (0,) * 4
    )
    return {
        "rps": rps,
        "p50": percentile(50),
        "p99": percentile(99),
        "requests": int(total.group(1)) if total else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": connect + read + write,
        "timeouts": timeout,
    }


def wrk(path: str, script: Path | None = None) -> dict:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    cmd.append(f"http://127.0.0.1:{PORT}{path}")
    return parse_wrk(
        subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    )


#: Targets (req/s) at bench size: with the page cache, and without it (Redis on).
CACHED_TARGET = 1000
UNCACHED_TARGET = 150
UNCACHED_PAGES = {
    "home",
    "notice index",
    "open notice",
    "registry list",
    "park page",
    "calendar.ics",
    "api parks",
    "api notices",
}
POST_TARGET = 100
ADMIN_QUERIES, ADMIN_P50_MS = 30, 300


def verdict(cache: bool, name: str, r: dict) -> str:
    if name == "objection POST":
        ok = r["rps"] >= POST_TARGET and r["lost"] == 0
        return f"{'ok' if ok else 'MISSED'} (≥ {POST_TARGET}, 0 lost)"
    target = CACHED_TARGET if cache else UNCACHED_TARGET
    if not cache and name not in UNCACHED_PAGES:
        return "-"
    clean = r["socket_errors"] == 0 and r["timeouts"] == 0 and r["non2xx"] == 0
    ok = r["rps"] >= target and clean
    return f"{'ok' if ok else 'MISSED'} (≥ {target}, no errors)"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    print(f"==> preparing database {DB_NAME}")
    create_database()
    try:
        rows, admin, first = run()
    finally:
        drop_database()
        print(f"==> dropped database {DB_NAME}")
    missed = write_results(rows, admin, first)
    if missed:
        raise SystemExit(f"{missed} target(s) missed: see {OUT / 'results.md'}")


def run() -> tuple[list, dict, dict]:
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("sync_holidays")
    print(f"==> generating the dataset ({PARKS} parks)")
    targets = json.loads(manage("generate_bench_data", "--parks", str(PARKS), "--json"))
    targets["get"].setdefault("api notices", "/api/notices")
    analyse_database()
    rows = []
    for cache in (True, False):
        label = "Redis page cache" if cache else "no page cache (Redis on)"
        print(f"==> gunicorn, 2 sync workers, {label}")
        proc = start_gunicorn(cache)
        try:
            for name, path in targets["get"].items():
                counts(path)  # warm the worker's memos
                queries, cache_calls = counts(path)
                result = wrk(path)
                rows.append((cache, name, path, result, queries, cache_calls))
                print(
                    f"  {name:<18} {result['rps']:>8.1f} req/s  p50 {result['p50']:.1f} ms"
                    f"  p99 {result['p99']:.1f} ms  errors {result['socket_errors']}"
                    f"  timeouts {result['timeouts']}  queries {queries}  cache calls {cache_calls}"
                )
            if cache and targets.get("post"):
                rows.append((cache, "objection POST", *post(targets["post"]), "-", "-"))
        finally:
            stop(proc)
    print("==> admin listings (city editor; objection handler for objections)")
    admin = json.loads(manage("bench_admin"))
    for name, r in admin.items():
        print(
            f"  {name:<20} status {r['status']}  queries {r['queries']}  p50 {r['p50_ms']} ms"
        )
    print("==> first request after a change (page cache off, a new generation each)")
    paths = list(targets["get"].values())
    first = json.loads(manage("bench_first_render", *paths, cache=False))
    for name, path in targets["get"].items():
        r = first[path]
        print(
            f"  {name:<18} status {r['status']}  queries {r['queries']}  p50 {r['p50_ms']} ms"
        )
    first = {name: first[path] for name, path in targets["get"].items()}
    return rows, admin, first


def post(target: dict) -> tuple[str, dict]:
    script = OUT / "objection_post.lua"
    script.write_text(target["lua"])
    before = int(manage("count_bench_objections").strip())
    result = wrk(target["path"], script)
    after = int(manage("count_bench_objections").strip())
    result["stored"] = after - before
    accepted = result["requests"] - result["non2xx"]
    # Requests still in flight when wrk stops are completed by the server but
    # not counted by wrk, so stored may exceed accepted.
    result["lost"] = max(0, accepted - result["stored"])
    print(
        f"  objection POST     {result['rps']:>8.1f} req/s  accepted {accepted}"
        f"  stored {result['stored']}  lost {result['lost']}  non-2xx {result['non2xx']}"
    )
    return target["path"], result


def write_results(rows: list, admin: dict, first: dict | None = None) -> int:
    missed = 0
    lines = [
        "# Benchmark",
        "",
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; gunicorn 2 sync workers, "
        f"PostgreSQL, Redis, wrk -t2 -c{CONNECTIONS} -d{DURATION}, {PARKS} parks.",
        "",
        "| page cache | page | req/s | p50 ms | p99 ms | socket errors | timeouts | non-2xx "
        "| queries | cache calls | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for cache, name, _path, r, queries, cache_calls in rows:
        target = verdict(cache, name, r)
        missed += target.startswith("MISSED")
        lines.append(
            f"| {'on' if cache else 'off'} | {name} | {r['rps']:.1f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['socket_errors']} | {r['timeouts']} | {r['non2xx']} | "
            f"{queries} | {cache_calls} | {target} |"
        )
    for _cache, _name, _path, r, *_rest in rows:
        if "stored" in r:
            lines += [
                "",
                f"Objection POST: {r['requests']} requests, {r['requests'] - r['non2xx']} "
                f"answered with a receipt (2xx/3xx), {r['stored']} objections stored "
                f"(including requests still in flight when wrk stopped), {r['lost']} lost.",
            ]
    if first:
        lines += [
            "",
            "First request after a change (page cache off; a new content generation "
            "before each request, so nothing kept is reused; Django test client, one process):",
            "",
            "| page | status | queries | p50 ms | max ms |",
            "|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {name} | {r['status']} | {r['queries']} | {r['p50_ms']} | {r['max_ms']} |"
            for name, r in first.items()
        ]
    lines += [
        "",
        "| admin listing | status | queries | p50 ms | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, r in admin.items():
        ok = (
            r["status"] == 200
            and r["queries"] <= ADMIN_QUERIES
            and r["p50_ms"] <= ADMIN_P50_MS
        )
        missed += not ok
        lines.append(
            f"| {name} | {r['status']} | {r['queries']} | {r['p50_ms']} | "
            f"{'ok' if ok else 'MISSED'} (≤ {ADMIN_QUERIES} queries, p50 ≤ {ADMIN_P50_MS} ms) |"
        )
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"==> wrote {OUT / 'results.md'}")
    return missed


if __name__ == "__main__":
    main()
