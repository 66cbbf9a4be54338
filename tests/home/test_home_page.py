"""The home page created by migration, and the site frame."""

import pytest
from django.utils import translation
from wagtail.models import Site

from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_home_page_created_by_migration_is_the_site_root():
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert home.live


def test_home_page_renders_chinese_frame_without_third_party_assets(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "晋中市人力资源和社会保障局" in html
    assert 'name="viewport"' in html
    assert "跳到主要内容" in html
    for third_party in ("cdn.", "googleapis", "bootstrapcdn", "unpkg", "jsdelivr"):
        assert third_party not in html


def test_menu_pages_show_in_navigation(client):
    from notices.models import CalculatorPage

    home = HomePage.objects.get()
    page = CalculatorPage(title="公示期计算器", slug="calculator", show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/").content.decode()
    assert 'href="/calculator/"' in html


def test_404_is_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_load_demo_data_twice(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
    out = StringIO()
    call_command("load_demo_data", "--skip-holidays", stdout=out)
    assert "kept calculator page" in out.getvalue()
    assert client.get("/calculator/").status_code == 200


def test_catalogue_translates_to_simplified_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Skip to main content") == "跳到主要内容"
        assert translation.gettext("Weekend") == "周末"
