"""The admin speaks Chinese to a zh-hans user.

* Every msgid of Wagtail's catalogues (and of django-filter, which ships only a
  zh_CN catalogue that Django never reads for zh-hans) has a Chinese translation:
  Wagtail's own zh_Hans catalogue, or ``site/demosite/locale_wagtail`` (kept by
  hand; see its header).
* That override catalogue is compiled and shadows no entry of our apps' catalogues,
  and our catalogues do not redefine Wagtail's generic words (an objection's
  "Content" is not the editor's Content tab, a results list's "Pages" not the
  sidebar's).
* The admin pages each role uses show no run of Latin words (demo data), apart
  from the names, formats and data listed below; the JavaScript catalogue is
  complete.
* Wagtail's workflow mails (subject and text) are Chinese.

A failing test lists every offending string with the role and the URL, so that a
new English msgid can be found and translated at once.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import django
import django_filters
import polib
import pytest
import wagtail
from bs4 import BeautifulSoup, NavigableString
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site

from home.roles import CITY_APPROVER, CITY_EDITOR
from notices.models import HolidayYear, NoticeIndexPage, NoticePage, Objection
from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import County, DecisionIndexPage, DecisionPage, Park
from parkregistry.models.applications import Application
from tests.conftest import TEST_NOW
from tests.factories_notices import make_application, make_notice_page, notice_index

ROOT = Path(__file__).resolve().parents[2]
OVERRIDE_DIR = ROOT / "site/demosite/locale_wagtail/zh_Hans/LC_MESSAGES"
OUR_CATALOGUES = [
    ROOT / f"{app}/locale/zh_Hans/LC_MESSAGES/django.po"
    for app in ("notices", "parkregistry", "home", "site/demosite")
]
WAGTAIL_DIR = Path(wagtail.__file__).resolve().parent
#: The Wagtail apps the site installs (settings.INSTALLED_APPS) that have catalogues.
WAGTAIL_APPS = [
    app.removeprefix("wagtail").lstrip(".").replace(".", "/")
    for app in settings.INSTALLED_APPS
    if app == "wagtail" or app.startswith("wagtail.")
]

#: A run of Latin words: a word of three or more letters, with the words after it.
LATIN_RUN = re.compile(r"\b[A-Za-z]{3,}(?:[\s/-]+[A-Za-z]{2,})*\b")

#: Names and formats that stay Latin in Chinese text (kept short: add a word only
#: when it is a name, never to let an English msgid through).
ALLOWED_WORDS = {
    "Wagtail",  # the admin's name, as in "Wagtail 8.0.1 编辑指南"
    "Word",  # 下载 Word 文档
    "Excel",
    "PDF",  # accepted attachment formats
    "JPG",
    "PNG",
    "CSV",  # export formats
    "XLSX",
    "URL",  # written so in Chinese (Wagtail's zh_Hans: "URL", "Wagtail API v2")
    "API",
}

#: Technical tokens that are data, not words: addresses, e-mail addresses, file
#: names and extensions, MIME types, Django model labels ("notices.noticepage"),
#: date formats ("YYYY-MM-DD") and the placeholders of format strings.
DATA_PATTERNS = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|%\(\w+\)[sd]"
    r"|\S*\.(?:pdf|jpe?g|png|gif|docx?|xlsx?|csv|html?|txt|ofd|ics|zip)\b"
    r"|\b(?:application|image|text)/[\w.+-]+"
    r"|\b[a-z_]+\.[a-z_]+\b"
    r"|\bYYYY(?:-MM(?:-DD)?)?",
    re.IGNORECASE,
)

#: Attributes a person reads or hears (placeholders, tooltips, screen readers).
HUMAN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
#: Elements that are never shown as text (their content is code or raw data).
#: Elements with ``hidden`` count: tab panels, dialogs and menus open on a click.
NOT_SHOWN = ("script", "style", "template", "noscript", "svg", "textarea")
#: Placeholders that JavaScript fills in before they are shown (a side panel's
#: counter holds "None" until then).
FILLED_BY_SCRIPT = "[data-side-panel-toggle-counter]"


def latin_runs(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The runs of Latin words in ``text`` that are neither allowed names nor data."""
    text = DATA_PATTERNS.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    return [
        run
        for run in (m.group(0) for m in LATIN_RUN.finditer(text))
        if not set(re.split(r"[\s/-]+", run)) <= ALLOWED_WORDS
    ]


def _json_labels(value):
    """The labels and footers of the sidebar's menu items (rendered by React)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("label", "footer_text") and isinstance(item, str):
                yield item
            else:
                yield from _json_labels(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_labels(item)


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def shown_texts(html: str) -> list[str]:
    """What a person reads or hears on an admin page: the text of every element
    that is shown, the human attributes, the sidebar's menu and the strings
    Wagtail hands to its JavaScript (``wagtailConfig.STRINGS``)."""
    soup = BeautifulSoup(html, "html.parser")
    texts: list[str] = []
    sidebar = soup.find("script", id="wagtail-sidebar-props")
    if sidebar is not None:
        texts.extend(_json_labels(json.loads(sidebar.string)))
    config = soup.find("script", id="wagtail-config")
    if config is not None:
        texts.extend(_json_strings(json.loads(config.string).get("STRINGS", {})))
    for node in [*soup.find_all(NOT_SHOWN), *soup.select(FILLED_BY_SCRIPT)]:
        node.decompose()
    # NavigableString only: comments, the doctype and CDATA are not shown.
    texts.extend(
        str(s) for s in soup.find_all(string=True) if type(s) is NavigableString
    )
    for node in soup.find_all(True):
        for attribute in HUMAN_ATTRIBUTES:
            value = node.get(attribute)
            if isinstance(value, str):
                texts.append(value)
    return texts


def test_latin_runs_finds_english_and_spares_names_and_data():
    assert latin_runs("搜索 Search all pages…") == ["Search all pages"]
    assert latin_runs("Wagtail 8.0 编辑指南；下载 Word；PDF、JPG 或 PNG") == []
    assert latin_runs("附件 scan.pdf（application/pdf），见 https://example.cn/a") == []
    assert (
        latin_runs("notices.noticepage；账号 yuci_editor", frozenset({"yuci_editor"}))
        == []
    )
    texts = shown_texts(
        "<!doctype html><html><body><!-- main script --><p>正文 Saved</p>"
        '<input type="search" placeholder="Search all pages…">'
        '<div hidden>Another tab</div><script>var a = "code";</script></body></html>'
    )
    assert [run for text in texts for run in latin_runs(text)] == [
        "Saved",
        "Another tab",
        "Search all pages",
    ]


# --- catalogues ----------------------------------------------------------------


def _wagtail_catalogues(domain: str) -> list[Path]:
    paths = []
    for app in WAGTAIL_APPS:
        path = WAGTAIL_DIR / app / "locale/en/LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            paths.append(path)
    return paths


def _django_filter_catalogue() -> Path:
    return Path(django_filters.__file__).parent / "locale/zh_CN/LC_MESSAGES/django.po"


def _translate(entry: polib.POEntry) -> tuple[str, str]:
    """(the English text, its zh-hans translation) of a catalogue entry."""
    source = entry.msgid_plural or entry.msgid
    if entry.msgid_plural:
        if entry.msgctxt:
            text = translation.npgettext(
                entry.msgctxt, entry.msgid, entry.msgid_plural, 2
            )
        else:
            text = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
    elif entry.msgctxt:
        text = translation.pgettext(entry.msgctxt, entry.msgid)
    else:
        text = translation.gettext(entry.msgid)
    return source, text


def _without_markup(text: str) -> str:
    return re.sub(r"<[^>]+>|%\(\w+\)[sd]|%[sd]|\{\w*\}|&\w+;", " ", text)


def test_every_wagtail_msgid_has_a_chinese_translation():
    # Wagtail's admin also uses django-filter and django.contrib.humanize
    # (naturaltime: "3 hours ago").
    humanize = (
        Path(django.__file__).parent
        / "contrib/humanize/locale/en/LC_MESSAGES/django.po"
    )
    catalogues = [*_wagtail_catalogues("django"), _django_filter_catalogue(), humanize]
    assert len(catalogues) > 5
    missing = []
    with translation.override("zh-hans"):
        for path in catalogues:
            for entry in polib.pofile(str(path)):
                if entry.obsolete:
                    continue
                source, text = _translate(entry)
                if text == source and latin_runs(_without_markup(source)):
                    missing.append(f"{path.relative_to(path.parents[4])}: {source!r}")
    assert missing == [], (
        "Untranslated Wagtail msgids (add them to "
        + str(OVERRIDE_DIR.relative_to(ROOT))
        + "/django.po):\n"
        + "\n".join(missing)
    )


def test_javascript_catalogue_is_complete(client):
    """The admin's JavaScript catalogue (/admin/jsi18n/) merges LOCALE_PATHS."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    body = response.content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)[1])
    missing = []
    for path in _wagtail_catalogues("djangojs"):
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not latin_runs(_without_markup(entry.msgid)):
                continue
            value = catalog.get(
                f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            )
            if not value or (isinstance(value, list) and not all(value)):
                missing.append(entry.msgid)
    assert missing == [], (
        "Untranslated JavaScript msgids (add them to "
        + str(OVERRIDE_DIR.relative_to(ROOT))
        + "/djangojs.po):\n"
        + "\n".join(missing)
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_override_catalogue_is_complete_and_compiled(domain):
    assert Path(settings.LOCALE_PATHS[1]) == OVERRIDE_DIR.parents[1]
    po = polib.pofile(str(OVERRIDE_DIR / f"{domain}.po"))
    assert [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags] == []
    mo = polib.mofile(str(OVERRIDE_DIR / f"{domain}.mo"))

    def table(entries):
        return {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0)
            for e in entries
            if not e.obsolete
        }

    assert table(mo) == table(po)


def test_override_catalogue_shadows_none_of_our_entries():
    """LOCALE_PATHS win over the apps: a msgid of ours in the override catalogue
    would silently replace our translation with Wagtail's."""
    ours = {}
    for path in OUR_CATALOGUES:
        for entry in polib.pofile(str(path)):
            ours[(entry.msgctxt, entry.msgid)] = path.relative_to(ROOT)
    shadowed = [
        f"{entry.msgid!r} (also in {ours[(entry.msgctxt, entry.msgid)]})"
        for entry in polib.pofile(str(OVERRIDE_DIR / "django.po"))
        if (entry.msgctxt, entry.msgid) in ours
    ]
    assert shadowed == []


#: Wagtail's generic words that our apps once translated for their own meaning,
#: and thereby renamed in Wagtail's admin (the Content tab read 异议内容, the
#: sidebar's Pages 分页, a page's Move 办理, Settings → Sites 园区).
WAGTAIL_WORDS = [
    "Content",
    "content",
    "Pages",
    "Name",
    "Move",
    "Form",
    "Site",
    "Sites",
    "site",
    "sites",
    "site name",
    "content type",
    "Approve",
    "Approved",
    "Document",
    "%(label)s and Publish",
]


def test_our_catalogues_leave_wagtail_words_alone():
    ours = {
        entry.msgid: (entry.msgstr, path.relative_to(ROOT))
        for path in OUR_CATALOGUES
        for entry in polib.pofile(str(path))
        if not entry.msgctxt
    }
    redefined = [
        f"{word!r} → {ours[word][0]} in {ours[word][1]}"
        for word in WAGTAIL_WORDS
        if word in ours
    ]
    assert redefined == [], "Use pgettext with a context for these:\n" + "\n".join(
        redefined
    )
    with translation.override("zh-hans"):
        shown = {word: translation.gettext(word) for word in WAGTAIL_WORDS}
    assert shown["Content"] == "内容"
    assert shown["Name"] == "名字"
    assert shown["Pages"] == "页面"
    assert shown["Move"] == "移动"
    assert shown["Sites"] == "站点"
    assert shown["Approve"] == "批准"
    assert shown["Approved"] == "已批准"
    assert shown["%(label)s and Publish"] % {"label": shown["Approve"]} == "批准并发布"


# --- admin pages ---------------------------------------------------------------


def _submit_for_approval(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def _role_urls() -> dict[str, list[str]]:
    """The admin pages each demo role uses, on the demo data."""
    index = NoticeIndexPage.objects.first()
    notice = NoticePage.objects.live().order_by("pk").first()
    decision_index = DecisionIndexPage.objects.first()
    decision = DecisionPage.objects.live().order_by("pk").first()
    yuci_applications = Application.objects.filter(county__code="yuci")
    # A draft, which its county may still edit.
    yuci_application = yuci_applications.filter(stage="draft").first()
    application = Application.objects.order_by("pk").first()
    yuci_park = Park.objects.filter(county__code="yuci").first()
    objection = Objection.objects.order_by("pk").first()
    holiday_year = HolidayYear.objects.order_by("-year").first()

    def edit(page):
        return reverse("wagtailadmin_pages:edit", args=[page.pk])

    def snippet(model, view, *args):
        name = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}"
        return reverse(f"{name}:{view}", args=args)

    common = [reverse("wagtailadmin_home"), reverse("wagtailadmin_account")]
    reports = [
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
    ]
    pages = [
        reverse("wagtailadmin_explore", args=[index.pk]),
        edit(notice),
        reverse("wagtailadmin_pages:history", args=[notice.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[notice.pk]),
        edit(decision),
    ]
    applications = [
        reverse("applications:index"),
        reverse("applications:inspect", args=[application.pk]),
        reverse("applications:edit", args=[application.pk]),
    ]
    registry = [
        snippet(Park, "list"),
        snippet(Park, "inspect", yuci_park.pk),
    ]
    objections = [
        reverse("objections_admin:list"),
        reverse("objections_admin:detail", args=[objection.pk]),
        reverse("objections_admin:record"),
    ]
    holidays = [
        snippet(HolidayYear, "list"),
        snippet(HolidayYear, "import"),
        snippet(HolidayYear, "edit", holiday_year.pk),
    ]
    return {
        "yuci_editor": [
            *common,
            reverse("applications:index"),
            reverse("applications:add"),
            reverse("applications:edit", args=[yuci_application.pk]),
            reverse("applications:inspect", args=[yuci_application.pk]),
            *registry,
        ],
        "city_editor": [
            *common,
            *pages,
            reverse("wagtailadmin_pages:add", args=["notices", "noticepage", index.pk]),
            reverse(
                "wagtailadmin_pages:add",
                args=["parkregistry", "decisionpage", decision_index.pk],
            ),
            *applications,
            reverse("applications:add"),
            *registry,
            snippet(Park, "edit", yuci_park.pk),
            reverse("parkregistry_approve"),
            *holidays,
            *reports,
        ],
        "city_approver": [*common, *pages, *reports],
        "objection_handler": [*common, *objections],
        "admin": [
            *common,
            reverse("wagtailadmin_explore_root"),
            *pages,
            *applications,
            *registry,
            *objections,
            *holidays,
            *reports,
            reverse("wagtailadmin_workflows:index"),
            reverse("wagtailadmin_workflows:task_index"),
        ],
    }


@pytest.mark.django_db
def test_admin_pages_show_no_english(clock, django_capture_on_commit_callbacks):
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    # A notice in review since three hours ago: the editor's "in a workflow"
    # panel, the approver's review panel and actions, the workflow reports and
    # history, times shown as "3 hours ago".
    clock.move_to(TEST_NOW - timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=True):
        _submit_for_approval(
            NoticePage.objects.live().order_by("pk").first(), users["city_editor"]
        )
    clock.move_to(TEST_NOW)
    # Data, not text: account names, county codes and the site's host name.
    # (The records Wagtail's own migrations create are renamed in Chinese by
    # home/migrations/0004.)
    data = frozenset(
        [
            *users,
            *County.objects.values_list("code", flat=True),
            *Site.objects.values_list("hostname", flat=True),
        ]
    )
    problems = []
    for username, urls in _role_urls().items():
        client = Client()
        client.force_login(users[username])
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{username} {url}: HTTP {response.status_code}")
                continue
            found = sorted(
                {
                    run
                    for text in shown_texts(response.content.decode())
                    for run in latin_runs(text, data)
                }
            )
            problems.extend(f"{username} {url}: {run!r}" for run in found)
    assert problems == [], "English on admin pages:\n" + "\n".join(problems)


# --- workflow mails ------------------------------------------------------------


@pytest.mark.django_db
def test_workflow_mails_are_chinese(
    django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    """Wagtail mails each recipient in their profile's language; without one,
    in the request's or the site's language (zh-hans)."""
    ensure_publication_workflow(notice_index())

    def member(username, first_name, group):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.cn", "pw", first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    editor = member("editor", "编辑甲", CITY_EDITOR)
    approver = member("approver", "审核乙", CITY_APPROVER)
    page = make_notice_page(
        publish=False,
        applications=[make_application()],
        title="测试公示",
        start_date=date(2026, 12, 14),
    )
    with django_capture_on_commit_callbacks(execute=True):
        state = _submit_for_approval(page, editor)
    submitted = list(mailoutbox)
    assert {m.to[0] for m in submitted} == {"approver@example.cn"}
    task = state.current_task_state.task.specific
    with django_capture_on_commit_callbacks(execute=True):
        task.on_action(state.current_task_state, approver, "reject")
    NoticePage.objects.get(pk=page.pk).save_revision(user=editor)
    state.refresh_from_db()
    state.resume(editor)
    state.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        task.on_action(state.current_task_state, approver, "approve")
    to_editor = [m for m in mailoutbox if m.to == ["editor@example.cn"]]
    assert len(to_editor) == 2  # rejected, then approved

    english = []
    for mail in mailoutbox:
        for text in (mail.subject, mail.body):
            english.extend(
                f"{mail.to[0]} {mail.subject!r}: {run!r}" for run in latin_runs(text)
            )
    assert english == [], "\n".join(english)
    assert "测试公示" in submitted[0].subject
