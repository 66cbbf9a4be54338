"""Admin listings at bench size: at most 30 queries, whatever the number of rows.

The city editor's applications and park lists and the objection handler's list are
fetched on the benchmark's dataset with 10 parks and 30 objections, then again
with 200 more parks, 80 more applications and 600 more objections; the query counts must not move.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.management.commands.generate_bench_data import Command
from home.roles import CITY_EDITOR, OBJECTION_HANDLER
from notices.models import NoticePage, Objection
from parkregistry.models import Application, County, Park, Stage
from tests.factories_applications import make_user

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30
LISTINGS = [
    (CITY_EDITOR, "applications:index"),
    (CITY_EDITOR, "wagtailsnippets_parkregistry_park:list"),
    (OBJECTION_HANDLER, "objections_admin:list"),
]


def fetch(client, user, path: str) -> int:
    client.force_login(user)
    client.get(path)  # warm the per-process memos
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_admin_listings_stay_within_budget(client, settings):
    settings.BENCH_MODE = True
    call_command(
        "generate_bench_data",
        "--parks=10",
        "--years=2",
        "--notices=3",
        "--candidates=3",
        "--objections=30",
        stdout=StringIO(),
    )
    users = {
        CITY_EDITOR: make_user("bench-city", groups=[CITY_EDITOR]),
        OBJECTION_HANDLER: make_user("bench-handler", groups=[OBJECTION_HANDLER]),
    }
    small = {url: fetch(client, users[role], reverse(url)) for role, url in LISTINGS}
    command = Command()
    command.make_parks(200, 2, first=10)
    counties = list(County.objects.all())
    Application.objects.bulk_create(
        Application(
            county=counties[i % len(counties)],
            name=f"预算申报{i}",
            stage=[Stage.DRAFT, Stage.COUNTY_REVIEWED, Stage.EXPERT_REVIEWED][i % 3],
        )
        for i in range(90)
    )
    command.make_objections(list(NoticePage.objects.all()), 600, first=30)
    assert Park.objects.count() >= 210 and Objection.objects.count() >= 630
    assert Application.objects.count() >= 80
    large = {url: fetch(client, users[role], reverse(url)) for role, url in LISTINGS}
    assert large == small
    over = {url: n for url, n in large.items() if n > MAX_QUERIES}
    assert not over, f"more than {MAX_QUERIES} queries: {over}"
