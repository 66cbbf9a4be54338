"""Helpers for the objection tests: notices with candidates, filled-in forms."""

from __future__ import annotations

import io
import itertools
import time
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

_seq = itertools.count(1)


def home_page():
    from home.models import HomePage

    return HomePage.objects.get(depth=2)


def notice_index():
    from tests.factories_notices import notice_index as index

    return index()


def make_county(name: str = "榆次区"):
    from parkregistry.models import County

    county = County.objects.filter(name=name).first()
    if county is None:
        county = County.objects.create(name=name, code=f"c{next(_seq)}")
    return county


def make_notice(
    *,
    start: date | None = None,
    days: int = 10,
    candidates=("测试产业园甲", "测试产业园乙"),
    published_at: datetime | None = None,
    **kwargs,
):
    """A live notice page; by default its window is open now."""
    from notices.models import NoticeCandidate, NoticePage
    from tests.factories_notices import make_application

    n = next(_seq)
    start = start or timezone.localdate() - timedelta(days=1)
    kwargs.setdefault("title", f"测试公示{n}")
    kwargs.setdefault("slug", f"test-notice-{n}")
    page = NoticePage(start_date=start, working_days=days, **kwargs)
    index = notice_index()
    county = make_county()
    for i, name in enumerate(candidates):
        app = make_application(county=county, name=f"{name}{n}")
        page.candidates.add(NoticeCandidate(subject=app, sort_order=i))
    index.add_child(instance=page)
    page.save_revision().publish()
    if published_at is None:
        published_at = timezone.make_aware(
            datetime.combine(start - timedelta(days=1), datetime.min.time())
        )
    NoticePage.objects.filter(pk=page.pk).update(
        first_published_at=published_at, last_published_at=published_at
    )
    page.refresh_from_db()
    return page


def closed_notice(**kwargs):
    return make_notice(start=timezone.localdate() - timedelta(days=60), **kwargs)


def upcoming_notice(**kwargs):
    return make_notice(start=timezone.localdate() + timedelta(days=3), days=5, **kwargs)


def form_token(age: float = 60.0) -> str:
    """A signed form token issued ``age`` seconds ago (past the minimum fill time)."""
    from notices.services.limits import issue_token

    return issue_token(issued_at=time.time() - age)


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str = "证据.pdf", size: int | None = None) -> SimpleUploadedFile:
    body = PDF_BYTES
    if size:
        body = b"%PDF-1.4\n" + b"0" * (size - len(PDF_BYTES)) + PDF_BYTES[9:]
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def png_file(name: str = "照片.png") -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def jpg_file(name: str = "照片.jpg") -> SimpleUploadedFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def objection_data(page=None, **overrides) -> dict:
    """A valid POST body for the objection form."""
    data = {
        "kind": "individual",
        "name": "测试甲",
        "organisation": "",
        "phone": "13800001234",
        "email": "",
        "address": "",
        "candidate": "",
        "content": "该候选园区入驻机构数量与申报材料不符，请核查。",
        "consent": "on",
        "form_token": form_token(),
        "website": "",
    }
    if page is not None and overrides.pop("with_candidate", False):
        data["candidate"] = str(page.candidates.first().pk)
    data.update(overrides)
    return data


def objection_url(page) -> str:
    return page.url + "objection/"


def make_handler(username: str = "handler"):
    from django.contrib.auth import get_user_model

    from home.roles import OBJECTION_HANDLER

    user = get_user_model().objects.create_user(username, password="pw-handler-1")
    group, _ = Group.objects.get_or_create(name=OBJECTION_HANDLER)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    return user


def make_editor(username: str, group_name: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password="pw-editor-1")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user.groups.add(group)
    return user


def file_one(page, **overrides):
    """File an objection through the service (no HTTP); returns Filed."""
    from notices.services.objections import file_objection

    data = {
        "kind": "individual",
        "name": "测试乙",
        "organisation": "",
        "phone": "13900005678",
        "email": "",
        "address": "测试路1号",
        "candidate": page.candidates.first(),
        "content": "测试异议内容，测试异议内容。",
    }
    now = overrides.pop("now", None)
    data.update(overrides)
    return file_objection(page, data, now=now)


@pytest.fixture
def _private_root(settings, tmp_path):
    """Attachments go to a temporary private folder; limits are the defaults."""
    settings.OBJECTION_ATTACHMENT_ROOT = tmp_path / "private" / "objections"
    settings.OBJECTION_RELAXED_LIMITS = False
    return settings.OBJECTION_ATTACHMENT_ROOT
