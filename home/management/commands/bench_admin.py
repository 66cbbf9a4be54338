"""Measure admin listings at bench size: queries and p50 per page (used by `make bench`).

Signs in as a city editor (and as an objection handler for the objection list),
requests each listing ``--rounds`` times through Django's test client and prints
``{name: {"path", "status", "queries", "p50_ms", "max_ms"}}`` as JSON. Temporary
accounts are created for the run and deleted after it.
"""

from __future__ import annotations

import json
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.roles import CITY_EDITOR, OBJECTION_HANDLER

PAGES = [
    ("admin applications", CITY_EDITOR, "applications:index"),
    ("admin objections", OBJECTION_HANDLER, "objections_admin:list"),
    ("admin parks", CITY_EDITOR, "wagtailsnippets_parkregistry_park:list"),
]


class Command(BaseCommand):
    help = "Measure the admin listings at bench size (queries, p50) and print JSON."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=20)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **opts):
        if not settings.DEBUG and not getattr(settings, "BENCH_MODE", False):
            raise CommandError("bench_admin runs only with DEBUG or BENCH_MODE.")
        users = {}
        try:
            for role in {role for _name, role, _url in PAGES}:
                user = get_user_model().objects.create_user(
                    f"bench-{len(users)}", password=None, is_staff=True
                )
                user.groups.add(Group.objects.get(name=role))
                users[role] = user
            results = {
                name: self.measure(users[role], reverse(url), opts)
                for name, role, url in PAGES
            }
        finally:
            for user in users.values():
                user.delete()
        self.stdout.write(json.dumps(results, ensure_ascii=False))

    def measure(self, user, path: str, opts) -> dict:
        client = Client(HTTP_HOST=opts["host"], secure=True)
        client.force_login(user)
        client.get(path)  # warm the worker's memos, as a real session would be
        times, queries, status = [], 0, 0
        for _ in range(opts["rounds"]):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            queries, status = len(captured), response.status_code
        return {
            "path": path,
            "status": status,
            "queries": queries,
            "p50_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
        }
