"""Queries per public page stay small and do not grow with the registry.

The benchmark's dataset generator builds the site; each page it drives is fetched
with 10 parks and again with 1,000 (10 years of evaluations each), and must use the
same number of queries, at most 10.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.management.commands.generate_bench_data import Command

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def fetch(client, path: str) -> int:
    # Warm the per-process caches (site root, policy, locale) first.
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.fixture
def targets(settings):
    settings.BENCH_MODE = True
    out = StringIO()
    call_command(
        "generate_bench_data",
        "--parks=10",
        "--years=10",
        "--notices=3",
        "--candidates=5",
        "--objections=30",
        "--json",
        stdout=out,
    )
    return json.loads(out.getvalue())


def test_every_benchmarked_page_answers(client, targets):
    assert set(targets["get"]) == {
        "home",
        "notice index",
        "open notice",
        "registry list",
        "park page",
        "calendar.ics",
        "api parks",
    }
    for path in targets["get"].values():
        assert client.get(path).status_code == 200, path


def test_queries_are_few_and_constant_from_10_to_1000_parks(client, targets):
    small = {name: fetch(client, path) for name, path in targets["get"].items()}
    Command().make_parks(990, 10, first=10)
    large = {name: fetch(client, path) for name, path in targets["get"].items()}
    assert large == small
    over = {name: n for name, n in large.items() if n > MAX_QUERIES}
    assert not over, f"more than {MAX_QUERIES} queries: {over}"


def test_the_post_script_files_an_objection(client, targets):
    """The wrk script's request body is a valid objection for the open notice."""
    import re

    from notices.models import Objection

    lua = targets["post"]["lua"]
    token = re.search(r'tokens = \{\n"([^"]+)"', lua).group(1)
    before = Objection.objects.count()
    response = client.post(
        targets["post"]["path"],
        {
            "kind": "individual",
            "name": "压测",
            "phone": "13800000000",
            "candidate": "",
            "content": "（压测数据）虚构的异议内容，用于测量提交速度。",
            "consent": "on",
            "website": "",
            "form_token": token,
        },
    )
    assert response.status_code in (302, 303)
    assert Objection.objects.count() == before + 1
