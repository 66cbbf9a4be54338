"""Measure the first request of each page after a change (used by `make bench`).

With the page cache off, pages are built from values kept for the content
generation. What a reader meets right after a publication or a record change is
a request that builds them afresh: this command starts a new generation before
every request (and drops what the process keeps), requests each path
``--rounds`` times through Django's test client and prints
``{path: {"status", "queries", "p50_ms", "max_ms"}}`` as JSON.
"""

from __future__ import annotations

import json
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demosite import pagecache
from notices.services.built import forget_local


class Command(BaseCommand):
    help = "Time each page's first request after a change (page cache off); JSON."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--rounds", type=int, default=10)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **opts):
        if not settings.DEBUG and not getattr(settings, "BENCH_MODE", False):
            raise CommandError("bench_first_render runs only with DEBUG or BENCH_MODE.")
        if pagecache.enabled():
            raise CommandError("Switch the page cache off (DISABLE_PAGE_CACHE=1).")
        client = Client(HTTP_HOST=opts["host"])
        results = {}
        for path in opts["paths"]:
            client.get(path)  # templates and code loaded, as in a running worker
            times, queries, status = [], 0, 0
            for _ in range(opts["rounds"]):
                pagecache.invalidate()
                forget_local()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                queries, status = len(captured), response.status_code
            results[path] = {
                "status": status,
                "queries": queries,
                "p50_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
            }
        self.stdout.write(json.dumps(results, ensure_ascii=False))
