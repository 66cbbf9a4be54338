"""Forms and widgets of the applications admin.

``ApplicationAdminForm`` (the base form of the edit handler) locks the county
and the city's fields (``CITY_FIELDS``) for county editors and the county's
opinion (``COUNTY_FIELDS``) for the city, checks the declared number of
institutions against the roster and allows at most one core site, and lets an
Art. 11 request name only a park of the application's county that the user may
see; ``PrivateFileInput`` shows a private material as a link to the guarded
download view, never a storage URL; ``MoveForm`` is the stage-move form with an
opinion and the expert review (date and conclusion required to move to 专家评审).
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.widgets import AdminSnippetChooser

from parkregistry.models import County, Park
from parkregistry.models.applications import (
    JUDGEMENT_FIELDS,
    ExpertConclusion,
    Stage,
    core_sites_problem,
    roster_count_problem,
)
from parkregistry.services.access import county_of, is_city_staff, visible_records

# Fields only the city fills in; county editors see them read-only.
CITY_FIELDS = [
    "city_opinion",
    "city_opinion_date",
    "expert_review_date",
    "expert_conclusion",
    "expert_notes",
    "proceed_reason",
    "sub_park_exception",
    *JUDGEMENT_FIELDS.values(),
]
# Fields only the county fills in (its first-review opinion); the city sees
# them read-only (the opinions belong to their authors).
COUNTY_FIELDS = ["county_opinion", "county_opinion_date"]


class PrivateFileInput(forms.ClearableFileInput):
    """A file input for private materials: never asks the storage for a URL."""

    template_name = "parkregistry/applications/widgets/private_file_input.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", ""))

    def format_value(self, value):
        return value if self.is_initial(value) else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if self.is_initial(value) and instance is not None and instance.pk:
            context["widget"]["download_url"] = reverse(
                "applications:material", args=[instance.pk, name]
            )
        return context


class VisibleSnippetChooser(AdminSnippetChooser):
    """A snippet chooser that shows only a record of ``queryset``: an id of
    another record (posted back by hand) is shown as nothing chosen."""

    def __init__(self, model, *, queryset, **kwargs):
        super().__init__(model, **kwargs)
        self.queryset = queryset

    def get_instance(self, value):
        instance = super().get_instance(value)
        if instance is None or self.queryset.filter(pk=instance.pk).exists():
            return instance
        return None


class ApplicationAdminForm(WagtailAdminModelForm):
    """Locks the county and the city's fields for county editors and the
    county's opinion for the city (disabled fields keep the stored value whatever
    is posted); refuses a declared number of institutions other than the
    roster's and more than one core site."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        park = self.fields.get("park")
        if park is not None and for_user is not None:
            # An Art. 11 request names a park the user may see: for a county
            # editor, one of their own county's.
            park.queryset = visible_records(for_user, Park, park.queryset)
            park.widget = VisibleSnippetChooser(Park, queryset=park.queryset)
        declared = self.fields.get("institution_count")
        if declared is not None:
            declared.help_text = _(
                "Must equal the number of institutions on the roster (tab “Sites "
                "and roster”)."
            )
        if for_user is None:
            return
        if is_city_staff(for_user):
            self._lock(
                COUNTY_FIELDS,
                _(
                    "Given by the county HR and social security department with "
                    "its first review; read-only for the city."
                ),
            )
            return
        self._lock(
            ("city_opinion", "city_opinion_date"),
            _("Given by the municipal bureau; read-only for the county."),
        )
        county = county_of(for_user)
        field = self.fields.get("county")
        if field is not None:
            field.queryset = (
                County.objects.filter(pk=county.pk) if county else County.objects.none()
            )
            field.disabled = True
            if county is not None:
                field.initial = county.pk
                self.initial["county"] = county.pk
        self._lock(CITY_FIELDS)

    def _lock(self, names, help_text=None) -> None:
        """Disabled fields: the form keeps the stored value whatever is posted."""
        for name in names:
            field = self.fields.get(name)
            if field is None:
                continue
            field.disabled = True
            if help_text:
                field.help_text = help_text

    def _kept_rows(self, relation: str) -> list:
        """The bound forms of a child formset that will be saved (not deleted,
        not an untouched empty row)."""
        formset = getattr(self, "formsets", {}).get(relation)
        if formset is None:
            return []
        formset.is_valid()  # cleans the rows (cached); errors show on the rows
        kept = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def _check_sites_and_roster(self, cleaned) -> None:
        """Art. 9(2) and the appendix form: one core site at most, and the
        declared number of institutions as on the roster."""
        if "sites" in getattr(self, "formsets", {}):
            cores = [
                form.cleaned_data.get("name") or _("(unnamed site)")
                for form in self._kept_rows("sites")
                if getattr(form, "cleaned_data", {}).get("is_core")
            ]
            problem = core_sites_problem(cores)
            if problem:
                self.formsets["sites"]._non_form_errors.append(problem)
                self.add_error(None, problem)
        if "institutions" in getattr(self, "formsets", {}):
            problem = roster_count_problem(
                cleaned.get("institution_count"),
                len(self._kept_rows("institutions")),
            )
            if problem and "institution_count" in self.fields:
                self.add_error("institution_count", problem)

    def clean(self):
        cleaned = super().clean()
        self._check_sites_and_roster(cleaned)
        user = self.for_user
        if user is not None and not is_city_staff(user):
            county = county_of(user)
            if county is None:
                raise forms.ValidationError(
                    _("Your account is not assigned to a county; ask the city bureau.")
                )
            cleaned["county"] = county
        park, county = cleaned.get("park"), cleaned.get("county")
        if park is not None and county is not None and park.county_id != county.pk:
            self.add_error(
                "park",
                _(
                    "“%(park)s” belongs to %(county)s: a request to add sub-parks is "
                    "filed by the park's own county."
                )
                % {"park": park.name, "county": park.county.name},
            )
        return cleaned


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=gettext_lazy("Move to"))
    opinion = forms.CharField(
        label=gettext_lazy("Opinion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    expert_review_date = forms.DateField(
        label=gettext_lazy("Expert review date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expert_conclusion = forms.ChoiceField(
        label=gettext_lazy("Expert review conclusion"),
        choices=[("", "---------"), *ExpertConclusion.choices],
        required=False,
    )

    def __init__(self, *args, stages=(), application=None, **kwargs):
        if application is not None:
            # What the city already recorded on the form is offered again.
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault(
                "expert_review_date", application.expert_review_date
            )
            kwargs["initial"].setdefault(
                "expert_conclusion", application.expert_conclusion
            )
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]

    def clean(self):
        """The move to 专家评审 records the expert review: its date (not in the
        future) and its conclusion are required (Art. 10(2))."""
        cleaned = super().clean()
        if cleaned.get("to_stage") != Stage.EXPERT_REVIEWED:
            return cleaned
        day = cleaned.get("expert_review_date")
        if day is None and "expert_review_date" not in self.errors:
            self.add_error(
                "expert_review_date",
                _("Enter the date of the expert review to record it."),
            )
        elif day is not None and day > timezone.localdate():
            self.add_error(
                "expert_review_date",
                _("The expert review date cannot be later than today."),
            )
        if not cleaned.get("expert_conclusion"):
            self.add_error(
                "expert_conclusion",
                _("Choose the conclusion of the expert review to record it."),
            )
        return cleaned
