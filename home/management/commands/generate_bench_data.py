"""Generate the large dataset `make bench` drives (never used by the demo site).

1,000 parks (``--parks``) with 10 years of evaluations each, 300 notices with 5
candidates each and 20,000 objections, all obviously synthetic. With ``--json`` it
prints the paths the benchmark drives: ``{"get": {name: path}, "post": {...}}``.
"""

from __future__ import annotations

import json
import secrets
import time as time_module
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from home.demo import build_site_pages, ensure_child, home_page
from home.demo_bench import ensure_demo_policy
from notices.models import (
    Finding,
    NoticeCandidate,
    NoticeIndexPage,
    NoticePage,
    Objection,
    ObjectionStatus,
    ObjectorKind,
)
from notices.services import limits as objection_limits
from notices.services.windows import recompute_windows
from parkregistry.models import (
    Application,
    ApplicationSite,
    County,
    Evaluation,
    Park,
    ParkSite,
    RosterInstitution,
    Stage,
)
from parkregistry.models.pages import RegistryIndexPage

BENCH_TAG = "（压测数据）"
GRADES = ["合格", "合格", "优秀", "合格", "不合格"]


class Command(BaseCommand):
    help = "Generate a large synthetic dataset for `make bench` (drops nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--parks", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--notices", type=int, default=300)
        parser.add_argument("--candidates", type=int, default=5)
        parser.add_argument("--objections", type=int, default=20000)
        parser.add_argument(
            "--json", action="store_true", help="Print the benchmark targets as JSON."
        )

    def handle(self, *args, **opts):
        if not settings.DEBUG and not getattr(settings, "BENCH_MODE", False):
            raise CommandError(
                "generate_bench_data runs only with DEBUG or BENCH_MODE."
            )

        if Park.objects.filter(name__startswith="晋中压测").exists():
            raise CommandError("Bench data is already here: use a fresh database.")

        build_site_pages(lambda *_: None)
        ensure_child(home_page(), RegistryIndexPage, "registry", title="园区名录")
        with transaction.atomic():
            park = self.make_parks(opts["parks"], opts["years"])
        notices = self.make_notices(opts["notices"], opts["candidates"])
        with transaction.atomic():
            self.make_objections(notices, opts["objections"])
        open_notice = notices[0]
        targets = {
            "get": {
                "home": "/",
                "notice index": "/notices/",
                "open notice": open_notice.url,
                "registry list": "/registry/",
                "park page": f"/registry/park/{park.pk}/",
                "calendar.ics": "/notices/calendar.ics",
                "api parks": "/api/parks",
            },
            "post": self.objection_post(open_notice),
        }
        if opts["json"]:
            self.stdout.write(json.dumps(targets, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS("Bench data ready."))

    # --- registry -------------------------------------------------------------

    def make_parks(self, count: int, years: int, first: int = 0):
        counties = list(County.objects.order_by("sort_order"))
        first_year = timezone.localdate().year - years
        parks = [
            Park(
                name=f"晋中压测人力资源服务产业园{i:05d}",
                county=counties[i % len(counties)],
                address=f"{counties[i % len(counties)].name}压测路{i}号",
                operator=f"压测运营公司{i:05d}",
                services="政策咨询\n人力资源培训\n人才测评",
                approval_doc_no=f"市人社发〔{first_year}〕{i}号",
                approved_on=date(first_year, 3, 1),
            )
            for i in range(first, first + count)
        ]
        created = {p.name for p in parks}
        bulk_create_with_history(parks, Park, batch_size=500)
        parks = [
            p
            for p in Park.objects.filter(name__startswith="晋中压测").order_by("pk")
            if p.name in created
        ]
        sites = [
            ParkSite(
                park=park,
                name=park.name,
                area_m2=Decimal("3200.00"),
                is_core=True,
            )
            for park in parks
        ]
        bulk_create_with_history(sites, ParkSite, batch_size=1000)
        evaluations = [
            Evaluation(
                park=park,
                year=first_year + y,
                held_on=date(first_year + y + 1, 3, 15),
                grade=GRADES[(p + y) % 2] if y % 3 else GRADES[(p + y) % 3],
                economic_development="营业收入稳定增长。",
                role_played="开展就业服务活动。",
                operation_management="制度健全。",
            )
            for p, park in enumerate(parks)
            for y in range(years)
        ]
        bulk_create_with_history(evaluations, Evaluation, batch_size=2000)
        return parks[len(parks) // 2]

    # --- notices and objections -------------------------------------------------

    def make_notices(self, count: int, candidates: int) -> list:
        ensure_demo_policy(lambda *_: None)
        index, _ = ensure_child(
            home_page(), NoticeIndexPage, "notices", title="公示公告"
        )
        counties = list(County.objects.order_by("sort_order"))
        today = timezone.localdate()
        with transaction.atomic():
            apps = Application.objects.bulk_create(
                Application(
                    county=counties[i % len(counties)],
                    name=f"压测申报产业园{i:05d}",
                    address=f"压测路{i}号",
                    stage=Stage.EXPERT_REVIEWED,
                )
                for i in range(count * candidates)
            )
            ApplicationSite.objects.bulk_create(
                ApplicationSite(
                    application=app,
                    name=app.name,
                    area_m2=Decimal("3600"),
                    is_core=True,
                )
                for app in apps
            )
            RosterInstitution.objects.bulk_create(
                RosterInstitution(
                    application=app,
                    name=f"压测机构{app.pk}-{j}",
                    licence_no=f"压测{app.pk}-{j}",
                    revenue_yuan=Decimal("6000000"),
                )
                for app in apps
                for j in range(10)
            )
        first = date(2022, 12, 5)
        step = max(1, ((today - timedelta(days=30)) - first).days // max(1, count - 1))
        step = timedelta(days=step)
        notices = []
        for n in range(count):
            # The first notice is open today; the others closed earlier, spread
            # over the time the measures (and their demo renewal) were in force.
            start = today - timedelta(days=1) if n == 0 else first + step * (n - 1)
            page = NoticePage(
                title=f"拟认定市级人力资源服务产业园公示{BENCH_TAG}第{n + 1}批",
                slug=f"bench-notice-{n + 1}",
                start_date=start,
                working_days=5 if n else 10,
                contact_unit="晋中市人力资源和社会保障局（压测）",
                candidates=[
                    NoticeCandidate(subject=app)
                    for app in apps[n * candidates : (n + 1) * candidates]
                ],
            )
            with transaction.atomic():
                index.add_child(instance=page)
                page.save_revision().publish()
                opened = timezone.make_aware(datetime.combine(start, time(8, 30)))
                NoticePage.objects.filter(pk=page.pk).update(
                    first_published_at=opened, last_published_at=opened
                )
            notices.append(page)
        # The publications dated back bypass save(): store the windows afresh.
        recompute_windows(NoticePage.objects.filter(pk__in=[p.pk for p in notices]))
        return notices

    def make_objections(self, notices, count: int, first: int = 0) -> None:
        closed = notices[1:] or notices
        statuses = [
            (ObjectionStatus.CLOSED, Finding.NOT_SUSTAINED),
            (ObjectionStatus.NOT_ACCEPTED, Finding.NONE),
            (ObjectionStatus.CLOSED, Finding.SUSTAINED),
        ]
        now = timezone.now()
        rows = []
        for i in range(first, first + count):
            notice = closed[i % len(closed)]
            status, finding = statuses[i % len(statuses)]
            rows.append(
                Objection(
                    notice=notice,
                    receipt_no=f"YY1999-{i:06d}",
                    code_hash="!bench-objection-without-query-code",
                    kind=ObjectorKind.INDIVIDUAL,
                    name="压测异议人",
                    phone="13800000000",
                    content="（压测数据）虚构的异议内容。",
                    status=status,
                    finding=finding,
                    submitted_at=now - timedelta(days=400),
                    closed_at=now - timedelta(days=390),
                )
            )
        bulk_create_with_history(rows, Objection, batch_size=2000)

    def objection_post(self, notice, tokens: int = 20000) -> dict:
        """A wrk script posting valid, distinct objections to the open notice.

        Each request carries its own signed form token (the form's double-submit
        guard), issued a minute ago so the fill-time check passes; wrk's threads
        take alternate tokens. Django accepts the unmasked 32-character CSRF secret
        as the form field when it equals the cookie.
        """
        csrf = secrets.token_hex(16)
        issued = time_module.time() - 60
        lines = ",\n".join(
            f'"{objection_limits.issue_token(issued)}"' for _ in range(tokens)
        )
        lua = (
            LUA_TEMPLATE.replace("__CSRF__", csrf)
            .replace("__TOKENS__", lines)
            .replace(
                "__CONTENT__", quote("（压测数据）虚构的异议内容，用于测量提交速度。")
            )
            .replace("__NAME__", quote("压测异议人"))
        )
        return {"path": notice.url + "objection/", "lua": lua}


LUA_TEMPLATE = r"""
tokens = {
__TOKENS__
}
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
counter = 0
request = function()
  local i = (counter * 2 + (tid or 0)) % #tokens + 1
  counter = counter + 1
  local body = "csrfmiddlewaretoken=__CSRF__&kind=individual&name=__NAME__"
    .. "&organisation=&phone=13800000000&email=&address=&candidate="
    .. "&content=__CONTENT__&consent=on&website=&form_token=" .. tokens[i]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=__CSRF__",
  }, body)
end
"""
