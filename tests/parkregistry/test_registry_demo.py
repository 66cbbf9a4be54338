"""The demo registry: every consequence of Art. 25 is shown, pages render."""

from io import StringIO

import pytest
from django.core.management import call_command

from parkregistry.models import (
    DecisionPage,
    Evaluation,
    Park,
    ParkStatus,
    RecognitionAward,
    Rectification,
    SubsidyRecord,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())


def test_demo_covers_every_consequence_and_runs_twice(demo):
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
    assert Park.objects.count() == 6
    assert all(p.name.startswith("晋中") for p in Park.objects.all())
    assert {p.approved_on.year for p in Park.objects.all()} == {2023, 2024, 2025}
    assert Park.objects.values("county").distinct().count() == 6
    assert RecognitionAward.objects.count() == 6
    assert Evaluation.objects.filter(grade="优秀", commendation_decision__isnull=False)
    assert Rectification.objects.filter(result="整改合格").exists()
    assert Rectification.objects.filter(result="整改后仍不合格").exists()
    assert SubsidyRecord.objects.filter(withdrawn=True).count() == 1
    revoked = Park.objects.get(status=ParkStatus.REVOKED)
    assert revoked.revocation_decision and revoked.revoked_on
    assert DecisionPage.objects.live().count() == 9


def test_demo_pages_render(demo, client):
    home = client.get("/").content.decode()
    assert "园区名录" in home and "最新决定" in home
    assert "/registry/" in home
    listing = client.get("/registry/?county=taigu")
    assert listing.status_code == 200
    revoked = Park.objects.get(status=ParkStatus.REVOKED)
    detail = client.get(f"/registry/park/{revoked.pk}/").content.decode()
    assert "2025年3月28日" in detail and "连续" in detail
    assert client.get("/decisions/").status_code == 200
    for page in DecisionPage.objects.live():
        assert client.get(page.url).status_code == 200


def test_as_of_before_the_revocation(demo, client):
    rows = client.get("/registry/?as_of=2024-12-31").context["rows"]
    taigu = next(r for r in rows if r["name"] == "晋中太谷人力资源服务产业园")
    assert taigu["status_code"] == "normal"  # its 2023 rectification passed
    names = {r["name"] for r in rows}
    assert "晋中寿阳人力资源服务产业园" not in names  # approved in 2025
    rows = client.get("/registry/?as_of=2025-03-01").context["rows"]
    taigu = next(r for r in rows if r["name"] == "晋中太谷人力资源服务产业园")
    assert taigu["status_code"] == "rectifying"  # 2024 graded fail
    rows = client.get("/registry/?as_of=2025-04-01").context["rows"]
    taigu = next(r for r in rows if r["name"] == "晋中太谷人力资源服务产业园")
    assert taigu["status_code"] == "revoked"


def test_decisions_go_through_the_workflow_and_appear_in_the_feed(demo, client):
    from wagtail.models import WorkflowPage

    from parkregistry.models import DecisionIndexPage

    index = DecisionIndexPage.objects.get()
    assert WorkflowPage.objects.filter(page=index).exists()
    feed = client.get("/notices/feed/").content.decode()
    assert "关于取消晋中太谷人力资源服务产业园市级人力资源服务产业园资格的决定" in feed


def test_change_log_tells_the_withdrawal(demo, client):
    park = Park.objects.get(name="晋中平遥人力资源服务产业园")
    log = client.get(f"/registry/park/{park.pk}/").context["change_log"]
    texts = " ".join(e["text"] for e in log)
    assert "2023年度运营经费补助已取消" in texts
    assert "整改后仍不合格" in texts


def test_park_page_as_of_a_past_date(demo, client):
    park = Park.objects.get(name="晋中太谷人力资源服务产业园")
    url = f"/registry/park/{park.pk}/"
    before = client.get(url + "?as_of=2024-12-31")
    assert before.status_code == 200
    assert before.context["park"].status == "normal"
    assert [e["year"] for e in before.context["evaluations"]] == [2023]
    assert "revocation-box" not in before.content.decode()
    after = client.get(url + "?as_of=2025-04-01")
    assert after.context["park"].status == "revoked"
    not_yet = client.get(url + "?as_of=2023-01-01")
    assert not_yet.status_code == 200
    assert "尚未被认定为市级人力资源服务产业园" in not_yet.content.decode()
    bad = client.get(url + "?as_of=31/12/2024")
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.content.decode()


def test_list_as_of_links_to_the_park_as_of(demo, client):
    html = client.get("/registry/?as_of=2024-12-31").content.decode()
    assert "?as_of=2024-12-31" in html
