"""Public forms of the notices app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.workingdays import MAX_WINDOW_DAYS


class WindowQueryForm(forms.Form):
    """The 公示期计算器 form: a start date and a number of working days."""

    start = forms.DateField(
        label=_("Start date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the start date."),
            "invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-09-30."),
        },
    )
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=MAX_WINDOW_DAYS,
        initial=5,
        error_messages={
            "required": _("Enter the number of working days."),
            "invalid": _("Enter a whole number."),
            "min_value": _("At least 1 working day."),
            "max_value": _("At most %(limit_value)s working days."),
        },
    )
