"""Admin side of holiday arrangements: import from the State Council's notice,
preview, confirm, and the dashboard reminder when a year is missing.

设置 → 节假日安排 → 从国务院通知导入: paste the notice or upload the saved web page,
look at the 12-month preview, save it unconfirmed, check it and confirm it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from notices.models import HolidayDate, HolidayYear
from notices.rules.holiday_notice import NoticeParseError
from notices.services.holidays import (
    ImportPlan,
    confirm_year,
    months_of,
    plan_import,
    store_import,
    years_needing_attention,
)
from notices.services.windows import recompute_windows_for_years

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# The snippet viewset's URL namespace: /admin/snippets/notices/holidayyear/…
URL_NAMESPACE = "wagtailsnippets_notices_holidayyear"
permission_policy = ModelPermissionPolicy(HolidayYear)


class ImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text of the notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Paste the whole notice, title included, e.g. 国务院办公厅关于2027年部分"
            "节假日安排的通知 from www.gov.cn."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("Or the saved web page"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.txt"}),
        help_text=gettext_lazy(
            "The notice's page saved from the browser (.html), or a .txt file."
        ),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year (optional)"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=gettext_lazy("If given, a notice for another year is refused."),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than 2 MB; save only the notice's page.")
                )
            raw = upload.read()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    data["text"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError(
                    _("The file is neither UTF-8 nor GB18030 text.")
                )
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(
                _("Paste the text of the notice or choose the saved web page.")
            )
        return data


def _require(request, action: str) -> None:
    if not permission_policy.user_has_permission(request.user, action):
        raise PermissionDenied


def _grid(year: int, holidays: dict, makeup: dict) -> list[dict]:
    """Month tables for the template: each day with its kind and title text."""
    months = []
    for number, weeks in enumerate(months_of(year), 1):
        rows = []
        for week in weeks:
            cells = []
            for day in week:
                if day is None:
                    cells.append(None)
                elif day in holidays:
                    cells.append({"day": day, "kind": "holiday", "name": holidays[day]})
                elif day in makeup:
                    cells.append(
                        {
                            "day": day,
                            "kind": "makeup",
                            "name": _("Makeup working day (%(name)s)")
                            % {"name": makeup[day] or "—"},
                        }
                    )
                else:
                    cells.append(
                        {
                            "day": day,
                            "kind": "weekend" if day.weekday() >= 5 else "",
                            "name": "",
                        }
                    )
            rows.append(cells)
        months.append({"number": number, "weeks": rows})
    return months


def _plan_context(plan: ImportPlan) -> dict:
    arrangement = plan.arrangement
    return {
        "plan": plan,
        "parsed": plan.parsed,
        "months": _grid(
            plan.year,
            dict(arrangement.holidays),
            {d: plan.makeup_names.get(d, "") for d in arrangement.makeup_workdays},
        ),
        "outside": plan.parsed.days_outside_year(),
        "holiday_count": len(arrangement.holidays),
        "makeup_count": len(arrangement.makeup_workdays),
    }


def import_view(request):
    """Paste or upload → preview (nothing saved) → save unconfirmed."""
    _require(request, "add")
    _require(request, "change")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Import from the State Council's notice")}
    status = 200
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            plan = plan_import(text, expected_year=form.cleaned_data.get("year"))
        except NoticeParseError as exc:
            form.add_error(None, str(exc))
            status = 400
        else:
            if request.POST.get("action") == "save":
                row = store_import(plan, source_label=_("admin import"))
                if plan.unchanged:
                    messages.success(
                        request,
                        _("%(year)s already matches the notice; nothing changed.")
                        % {"year": plan.year},
                    )
                    return redirect(f"{URL_NAMESPACE}:list")
                messages.warning(
                    request,
                    _(
                        "The %(year)s arrangement is saved but not yet confirmed: "
                        "check every day against the document, then confirm it."
                    )
                    % {"year": plan.year},
                )
                return redirect(f"{URL_NAMESPACE}:confirm", row.pk)
            context.update(_plan_context(plan))
            context["text"] = text
            context["expected_year"] = form.cleaned_data.get("year") or ""
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request, "notices/admin/holiday_import.html", context, status=status
    )


def confirm_view(request, pk: int):
    """The stored year as a 12-month grid, and the button that confirms it."""
    _require(request, "change")
    row = get_object_or_404(HolidayYear, pk=pk)
    if request.method == "POST":
        if row.is_demo:
            messages.error(request, _("A demo year cannot be confirmed as official."))
        else:
            confirm_year(row)
            messages.success(
                request,
                _("%(year)s is confirmed: notice windows reaching it compute now.")
                % {"year": row.year},
            )
            return redirect(f"{URL_NAMESPACE}:list")
    dates = list(row.dates.all())
    holidays = {d.date: d.name for d in dates if d.kind == HolidayDate.Kind.HOLIDAY}
    makeup = {
        d.date: d.name for d in dates if d.kind == HolidayDate.Kind.MAKEUP_WORKDAY
    }
    return TemplateResponse(
        request,
        "notices/admin/holiday_confirm.html",
        {
            "title": _("Check and confirm %(year)s") % {"year": row.year},
            "row": row,
            "months": _grid(row.year, holidays, makeup),
            "holiday_count": len(holidays),
            "makeup_count": len(makeup),
            "history": row.history.select_related("history_user")[:20],
        },
    )


class HolidayYearIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("Import from the State Council's notice"),
                    url=reverse(f"{URL_NAMESPACE}:import"),
                    icon_name="download",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if not instance.confirmed and not instance.is_demo:
            buttons.append(
                ListingButton(
                    _("Check and confirm"),
                    url=reverse(f"{URL_NAMESPACE}:confirm", args=[instance.pk]),
                    icon_name="tick",
                    priority=5,
                )
            )
        return buttons


class StoresWindowsMixin:
    """Saving a year in its form stores afresh, in the same transaction, the
    notice windows it can change (those of its year, and of its former year
    when the year itself was changed)."""

    def save_instance(self):
        pk = self.form.instance.pk
        years = set(
            HolidayYear.objects.filter(pk=pk).values_list("year", flat=True)
            if pk
            else ()
        )
        instance = super().save_instance()
        recompute_windows_for_years(years | {instance.year})
        return instance


class HolidayYearCreateView(StoresWindowsMixin, CreateView):
    pass


class HolidayYearEditView(StoresWindowsMixin, EditView):
    pass


@hooks.register("after_delete_snippet")
def store_windows_after_deleting_years(request, instances):
    """A deleted year (one, or several in a bulk action) can no longer count."""
    years = [i.year for i in instances if isinstance(i, HolidayYear)]
    if years:
        recompute_windows_for_years(years)


class YesNoColumn(Column):
    """A yes/no field as 是 / 否 (Wagtail's plain column prints True / False)."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


class HolidayYearViewSet(SnippetViewSet):
    """节假日安排: editors import a newly published year, check it and confirm it."""

    model = HolidayYear
    icon = "date"
    menu_label = gettext_lazy("Holiday arrangements")
    menu_name = "holiday-arrangements"
    add_to_settings_menu = True
    list_display = [
        "year",
        "doc_no",
        "source_title",
        YesNoColumn("confirmed", label=gettext_lazy("confirmed"), sort_key="confirmed"),
        YesNoColumn("is_demo", label=gettext_lazy("demo data")),
    ]
    list_filter = ["confirmed"]
    ordering = ["-year"]
    index_view_class = HolidayYearIndexView
    add_view_class = HolidayYearCreateView
    edit_view_class = HolidayYearEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import/", import_view, name="import"),
            path("confirm/<int:pk>/", confirm_view, name="confirm"),
        ]


# --- dashboard ------------------------------------------------------------------


class HolidayYearReminderPanel(Component):
    """ "2027年节假日安排尚未录入/确认", with the import link, for those who can enter it."""

    name = "holiday_year_reminder"
    template_name = "notices/admin/holiday_reminder_panel.html"
    order = 50

    def __init__(self, alerts):
        self.alerts = alerts

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["alerts"] = [
            {
                "year": a.year,
                "imported": a.imported,
                "url": reverse(f"{URL_NAMESPACE}:confirm", args=[a.row.pk])
                if a.imported
                else reverse(f"{URL_NAMESPACE}:import"),
            }
            for a in self.alerts
        ]
        return context


def reminder_panels(request, panels) -> None:
    if not permission_policy.user_has_permission(request.user, "add"):
        return
    alerts = years_needing_attention(timezone.localdate())
    if alerts:
        panels.append(HolidayYearReminderPanel(alerts))
