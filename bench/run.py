"""`make bench`: load-test the site under gunicorn on PostgreSQL and write a table.

Steps: create a scratch PostgreSQL database, migrate, load holidays and a large
generated dataset, start gunicorn (2 sync workers) with production settings,
drive each page with wrk (16 connections, fixed duration) once with the shared
Redis cache and once with caching disabled, and write req/s, p50, p99 and
queries per request to bench-results/results.md.

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
    if cache:
        e["REDIS_URL"] = REDIS_URL
    else:
        e.pop("REDIS_URL", None)
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


def query_count(path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=20) as r:
        return r.headers.get("X-Query-Count", "?")


def to_ms(value: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", value)
    if not match:
        return float("nan")
    number, unit = float(match.group(1)), match.group(2)
    return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number


def wrk(path: str, script: Path | None = None) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    cmd.append(f"http://127.0.0.1:{PORT}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"99%\s+(\S+)", out).group(1))
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "requests": int(total.group(1)) if total else 0,
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1) if errors else "",
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    print(f"==> preparing database {DB_NAME}")
    create_database()
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("sync_holidays")
    print(f"==> generating the dataset ({PARKS} parks)")
    targets = json.loads(manage("generate_bench_data", "--parks", str(PARKS), "--json"))
    rows = []
    for cache in (True, False):
        label = "Redis cache" if cache else "no page cache"
        print(f"==> gunicorn, 2 sync workers, {label}")
        proc = start_gunicorn(cache)
        try:
            for name, path in targets["get"].items():
                query_count(path)  # warm the shared memos
                queries = query_count(path)
                result = wrk(path)
                rows.append((label, name, path, result, queries))
                print(
                    f"  {name:<18} {result['rps']:>8.1f} req/s  p50 {result['p50']:.1f} ms  p99 {result['p99']:.1f} ms  queries {queries}"
                )
            if cache and targets.get("post"):
                post = targets["post"]
                script = OUT / "objection_post.lua"
                script.write_text(post["lua"])
                before = int(manage("count_bench_objections").strip())
                result = wrk(post["path"], script)
                after = int(manage("count_bench_objections").strip())
                result["stored"] = after - before
                accepted = result["requests"] - result["non2xx"]
                # Requests still in flight when wrk stops are completed by the
                # server but not counted by wrk, so stored may exceed accepted.
                result["lost"] = max(0, accepted - result["stored"])
                rows.append((label, "objection POST", post["path"], result, "-"))
                print(
                    f"  objection POST     {result['rps']:>8.1f} req/s  accepted {accepted}  stored {after - before}  lost {result['lost']}  non-2xx {result['non2xx']}"
                )
        finally:
            stop(proc)
    lines = [
        "# Benchmark",
        "",
        f"gunicorn 2 sync workers, PostgreSQL, wrk -t2 -c{CONNECTIONS} -d{DURATION}, {PARKS} parks.",
        "",
        "| cache | page | req/s | p50 ms | p99 ms | queries/request | non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, name, _path, r, q in rows:
        lines.append(
            f"| {label} | {name} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | {q} | {r['non2xx']} |"
        )
    for _label, _name, _path, r, _q in rows:
        if "stored" in r:
            lines.append("")
            lines.append(
                f"Objection POST: {r['requests']} requests, {r['requests'] - r['non2xx']} answered with a receipt "
                f"(2xx/3xx), {r['stored']} objections stored (including requests still in flight when "
                f"wrk stopped), {r['lost']} lost."
            )
    (OUT / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"==> wrote {OUT / 'results.md'}")


if __name__ == "__main__":
    main()
