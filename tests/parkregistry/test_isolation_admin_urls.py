"""属地管理 across every admin URL: a county editor sees nothing of another county
and nothing of unpublished pages they have no permission on.

The matrix iterates the URL patterns of the live resolver under ``/admin/``, so
a route added later is requested too (or the test names the path converter it
cannot fill yet). Each route is requested as 榆次区's county editor with the ids
of 介休市's application, park and registry records and of unpublished notice and
decision pages; no response may contain any of their secret texts, and every
view naming one of those objects answers 403, 404, 405 or a redirect.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import product
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.models import EditingSession
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from home.roles import COUNTY_EDITOR
from notices.models import NoticePage
from notices.services.workflow import ensure_publication_workflow
from parkregistry.models import (
    AnnualTask,
    DecisionIndexPage,
    DecisionKind,
    DecisionPage,
    Evaluation,
    Grade,
    Rectification,
    Revocation,
    SubsidyRecord,
)
from parkregistry.models.applications import (
    Application,
    CountyMembership,
)
from tests.factories_applications import county, make_application, make_user
from tests.factories_notices import notice_index
from tests.factories_registry import add_page, home_page, make_park

pytestmark = pytest.mark.django_db

# Texts only 介休市 and the city know; none may reach 榆次区's editor.
SECRET_APPLICATION = "介休市机密申报产业园"
SECRET_CONTACT = "介休机密联系人"
SECRET_PARK_NOTES = "介休园区内部备注机密"
SECRET_EVALUATION_NOTES = "介休考核内部备注机密"
SECRET_REVOCATION = "介休取消资格提议机密理由"
SECRET_EDITOR = "介休编辑机密姓名"
SECRET_NOTICE = "未发布公示机密标题"
SECRET_DECISION = "未发布决定机密标题"
SECRET_DRAFT = "已发布公示的草稿机密标题"
SECRETS = [
    SECRET_APPLICATION,
    SECRET_CONTACT,
    SECRET_PARK_NOTES,
    SECRET_EVALUATION_NOTES,
    SECRET_REVOCATION,
    SECRET_EDITOR,
    SECRET_NOTICE,
    SECRET_DECISION,
    SECRET_DRAFT,
]

# Routes not requested, each safe by construction (reason given).
SKIPPED = {
    "admin/logout/": "ends the session the matrix runs in; shows nothing",
    "admin/failwhale/": "Wagtail's deliberate error page (raises); shows nothing",
    "admin/login/": "login form; shows no record",
    "admin/password_reset/": "password reset form; shows no record",
    "admin/password_reset/done/": "static text",
    "admin/password_reset/confirm/<uidb64>/<token>/": "needs a mailed token",
    "admin/password_reset/complete/": "static text",
    "admin/jsi18n/": "the JavaScript translation catalogue",
    "admin/sprite/": "the icon sprite",
    "admin/^.*/$": "catch-all 404",
    "admin/test404/": "static 404 template",
}


@dataclass
class World:
    """The records the matrix names, built once."""

    own_application: Application
    # model -> its secret records: 介休市's, or unpublished pages
    other: dict = field(default_factory=dict)
    pages: list = field(default_factory=list)  # unpublished or draft pages
    parents: list = field(default_factory=list)  # their live parents
    revisions: list = field(default_factory=list)
    workflow_states: list = field(default_factory=list)

    @property
    def all_ids(self) -> list[int]:
        """Every secret id, for views that take an ``?id=`` list."""
        return sorted({o.pk for objects in self.other.values() for o in objects})


def _build_world() -> World:
    make_user("yuci_editor", groups=[COUNTY_EDITOR], county_code="yuci")
    jiexiu = make_user(
        "jiexiu_editor",
        groups=[COUNTY_EDITOR],
        county_code="jiexiu",
        first_name=SECRET_EDITOR,
    )
    own = make_application("yuci", name="榆次区本县申报产业园")
    other_app = make_application(
        "jiexiu", name=SECRET_APPLICATION, contact_person=SECRET_CONTACT
    )
    log(other_app, "wagtail.edit", user=jiexiu)
    EditingSession.objects.create(
        user=jiexiu,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(other_app.pk),
        last_seen_at=timezone.now(),
        is_editing=True,
    )
    park = make_park(county=county("jiexiu"), name="晋中介休人力资源服务产业园")
    park.internal_notes = SECRET_PARK_NOTES
    park.save()
    make_park(county=county("yuci"), name="晋中榆次人力资源服务产业园")
    evaluation = Evaluation.objects.create(
        park=park,
        year=2023,
        grade=Grade.FAIL,
        held_on=date(2024, 3, 1),
        rectification_deadline=date(2024, 9, 1),
        internal_notes=SECRET_EVALUATION_NOTES,
    )
    rectification = Rectification.objects.get_or_create(
        evaluation=evaluation, defaults={"deadline": date(2024, 9, 1)}
    )[0]
    AnnualTask.objects.get_or_create(
        year=2023,
        defaults={"urban_new_employment": 10000, "rural_labour_transfer": 5000},
    )
    subsidy = SubsidyRecord.objects.create(park=park, year=2023, placed=100)
    revocation = Revocation.objects.create(
        park=park,
        first_year=2023,
        second_year=2024,
        proposed_on=date(2025, 3, 1),
        reason=SECRET_REVOCATION,
    )
    award = park.recognition_award
    # What the county's editor did to the park's records is the county's too.
    for record in (park, evaluation, revocation):
        log(record, "wagtail.edit", user=jiexiu)
    # Unpublished pages: a notice, a decision, and a live notice with a draft.
    index = notice_index()
    notice = NoticePage(
        title=SECRET_NOTICE,
        slug="secret-notice",
        start_date=date(2026, 12, 1),
        working_days=5,
        contact_unit="晋中市人社局",
        live=False,
    )
    index.add_child(instance=notice)
    notice_revision = notice.save_revision(user=make_user("city_writer"))
    decisions = DecisionIndexPage.objects.first() or add_page(
        home_page(), DecisionIndexPage(title="决定公告", slug="decisions")
    )
    decision = DecisionPage(
        title=SECRET_DECISION,
        slug="secret-decision",
        kind=DecisionKind.RESULTS,
        doc_no="市人社发〔2026〕99号",
        decision_date=date(2026, 11, 1),
        year=2023,
        live=False,
    )
    decisions.add_child(instance=decision)
    decision_revision = decision.save_revision()
    public = NoticePage(
        title="已发布公示",
        slug="public-notice",
        start_date=date(2026, 10, 1),
        working_days=5,
        contact_unit="晋中市人社局",
    )
    index.add_child(instance=public)
    public.save_revision().publish()
    public.title = SECRET_DRAFT
    draft_revision = public.save_revision()
    PageLogEntry.objects.log_action(notice, "wagtail.edit")
    # The notice is in the publication workflow, as the site sets it up.
    workflow = ensure_publication_workflow(index, decisions)
    workflow_states = [workflow.start(notice, make_user("city_submitter"))]
    world = World(own_application=own)
    world.other = {
        Application: [other_app],
        CountyMembership: [CountyMembership.objects.get(user=jiexiu)],
        type(park): [park],
        Evaluation: [evaluation],
        Rectification: [rectification],
        SubsidyRecord: [subsidy],
        Revocation: [revocation],
        type(award): [award],
        Page: [notice, decision, public],
        NoticePage: [notice, public],
        DecisionPage: [decision],
        type(jiexiu): [jiexiu],
    }
    world.pages = [notice, decision, public]
    world.parents = [index, decisions]
    world.revisions = [notice_revision, decision_revision, draft_revision]
    world.workflow_states = workflow_states
    return world


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.name or ""


def admin_routes():
    """Every route under /admin/ as (route, namespace, name)."""
    return [r for r in _walk(get_resolver().url_patterns) if r[0].startswith("admin/")]


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _params(route: str) -> list[str]:
    return [m.group(2) or m.group(3) for m in PARAM.finditer(route)]


def _fill(route: str, values: dict) -> str:
    def sub(m):
        return str(values[m.group(2) or m.group(3)])

    path = PARAM.sub(sub, route)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def _model_of_namespace(namespace: str):
    """The model a viewset's namespace is about, if any."""
    from django.apps import apps
    from wagtail.admin.viewsets import viewsets

    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            app_label, _, model_name = namespace[len(prefix) :].partition("_")
            return apps.get_model(app_label, model_name)
    for viewset in viewsets.viewsets:
        if viewset.name and viewset.url_namespace == namespace:
            return getattr(viewset, "model", None)
    return None


def _requests(world: World, route: str, namespace: str):
    """The requests to make for one route: (method, path, query, names_secret).

    ``names_secret`` says the path names one of the secret records, so the view
    must refuse it (403/404/405 or a redirect) rather than answer 200.
    """
    params = _params(route)
    page_ids = [p.pk for p in world.pages]
    model = _model_of_namespace(namespace.split(":")[-1])
    # name -> [(value, names a secret record)]
    choices: dict[str, list[tuple[object, bool]]] = {}
    secret_pages = [(pk, True) for pk in page_ids]
    # Their parents are public, but list the secret pages among their children.
    parents = [(p.pk, False) for p in world.parents]
    for name in params:
        if name in PAGE_PARAMS:
            choices[name] = secret_pages + parents
        elif name == "destination_id":
            choices[name] = [(world.pages[0].get_parent().pk, False)]
        elif name in ("revision_id", "revision_id_a", "revision_id_b"):
            choices[name] = [(r.pk, True) for r in world.revisions]
        elif name == "workflow_state_id":
            choices[name] = [(s.pk, True) for s in world.workflow_states]
        elif name == "task_state_id":
            choices[name] = [
                (s.current_task_state_id, True) for s in world.workflow_states
            ]
        elif name == "pk":
            if model is not None and model in world.other:
                choices[name] = [(o.pk, True) for o in world.other[model]]
            elif namespace.endswith("wagtailadmin_pages"):
                choices[name] = secret_pages
            else:
                choices[name] = [(1, False)]
        elif name in JOINT_PARAMS:
            continue  # filled below, together
        elif name in ONE:
            choices[name] = [(ONE[name], False)]
        else:
            raise AssertionError(
                f"{route}: no value for <{name}>; teach the isolation matrix "
                "which record this converter names"
            )
    joint: list[tuple[dict, bool]] = [({}, False)]
    if set(params) & (JOINT_PARAMS - {"action_name"}):
        joint = []
        for m, objects in world.other.items():
            for obj in objects:
                entry = {
                    "app_label": m._meta.app_label,
                    "model_name": m._meta.model_name,
                    "app_name": m._meta.app_label,
                    "content_type_app_name": m._meta.app_label,
                    "content_type_model_name": m._meta.model_name,
                    "object_id": obj.pk,
                }
                if "action" in params:
                    for action in bulk_action_registry.get_bulk_actions_for_model(
                        m._meta.app_label, m._meta.model_name
                    ):
                        joint.append(({**entry, "action": action.action_type}, True))
                else:
                    joint.append((entry, "object_id" in params))
    if "action_name" in params:
        joint = [
            ({**j, "action_name": a}, flag)
            for j, flag in joint
            for a in ("approve", "reject", "unknown")
        ]
    names = list(choices)
    for combo in product(*(choices[n] for n in names)):
        for extra, joint_secret in joint:
            values = {n: v for n, (v, _) in zip(names, combo, strict=True)}
            values.update(extra)
            names_secret = joint_secret or any(flag for _, flag in combo)
            path = _fill(route, values)
            query = {"id": values["object_id"]} if "action" in params else {}
            yield "get", path, query, names_secret
            if "editing-sessions/ping" in route or "action" in params:
                yield "post", path, query, names_secret


# Converters naming a page (a notice's own routes name it ``notice_pk``).
PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "page_pk", "notice_pk"}
JOINT_PARAMS = {
    "app_label",
    "model_name",
    "object_id",
    "content_type_app_name",
    "content_type_model_name",
    "app_name",
    "action",
    "action_name",
}
# Converters naming records the matrix has no secret of: any existing id will do.
ONE = {
    "task_id": 1,
    "workflow_pk": 1,
    "session_id": 1,
    "collection_id": 1,
    "attachment_pk": 1,
    "redirect_id": 1,
    "document_id": 1,
    "doc_id": 1,
    "uploaded_file_id": 1,
    "image_id": 1,
    "filter_spec": "original",
    "slot": "material_letter",
}


def _text(response) -> str:
    """The body as a person would read it: entities and JSON escapes undone."""
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = html.unescape(body.decode("utf-8", "replace"))
    return UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# Listing and search routes are also asked for the secrets by name.
QUERIES = ("未发布", "介休")


def _leaks(text: str) -> str:
    leaked = [s for s in SECRETS if s in text]
    if not leaked:
        return ""
    at = text.index(leaked[0])
    context = re.sub(r"\s+", " ", text[max(0, at - 200) : at + 40])
    return f"shows {leaked} in …{context}…"


def test_every_admin_url_keeps_other_counties_and_unpublished_pages_out(
    settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    world = _build_world()
    editor = get_user_model().objects.get(username="yuci_editor")
    # A view that breaks is reported with the others, not the end of the run.
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    own_inspect = f"/admin/applications/inspect/{world.own_application.pk}/"
    assert client.get(own_inspect).status_code == 200
    failures = []
    requested = 0
    for route, namespace, name in admin_routes():
        if route in SKIPPED:
            continue
        made = list(_requests(world, route, namespace))
        if not made:
            failures.append(f"{route}: the matrix made no request for it")
        for method, path, query, names_secret in made:
            label = f"{method.upper()} {path} {query or ''} ({namespace}:{name})"
            if method == "get":
                queries = [query]
                if not _params(route):
                    queries += [{"q": q, "id": world.all_ids} for q in QUERIES]
                responses = [client.get(path, q) for q in queries]
            else:
                responses = [client.post(f"{path}?{urlencode(query)}", {})]
            for response in responses:
                requested += 1
                problems = [_leaks(_text(response))]
                if response.status_code in (301, 302) and response[
                    "Location"
                ].startswith("/admin/"):
                    # Where it sends the editor shows the messages it left.
                    problems.append(_leaks(_text(client.get(response["Location"]))))
                if response.status_code >= 500 or (
                    names_secret and response.status_code not in (302, 403, 404, 405)
                ):
                    problems.append(f"answers {response.status_code}")
                failures += [f"{label}: {p}" for p in problems if p]
    assert requested > 500
    assert client.get(own_inspect).status_code == 200, "the matrix lost its login"
    assert not failures, "\n".join(failures)
