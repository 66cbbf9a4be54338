"""Forms and widgets of the applications admin.

``ApplicationAdminForm`` (the base form of the edit handler) locks the county
and the city's fields (``CITY_FIELDS``) for county editors, and lets an Art. 11
request name only a park of the application's county that the user may see;
``PrivateFileInput`` shows a private material as a link to the guarded download
view, never a storage URL; ``MoveForm`` is the stage-move form with an opinion
and the expert review.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.widgets import AdminSnippetChooser

from parkregistry.models import County, Park
from parkregistry.models.applications import JUDGEMENT_FIELDS, ExpertConclusion, Stage
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
    """Locks the county (and the city's fields) for county editors."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        park = self.fields.get("park")
        if park is not None and for_user is not None:
            # An Art. 11 request names a park the user may see: for a county
            # editor, one of their own county's.
            park.queryset = visible_records(for_user, Park, park.queryset)
            park.widget = VisibleSnippetChooser(Park, queryset=park.queryset)
        if for_user is None or is_city_staff(for_user):
            return
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
        for name in CITY_FIELDS:
            if name in self.fields:
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
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
        label=gettext_lazy("Expert review date"), required=False
    )
    expert_conclusion = forms.ChoiceField(
        label=gettext_lazy("Expert review conclusion"),
        choices=[("", "---------"), *ExpertConclusion.choices],
        required=False,
    )

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in stages]
