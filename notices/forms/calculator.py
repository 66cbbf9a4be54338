"""Public forms of the notices app."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.rules.workingdays import MAX_WINDOW_DAYS

CHINESE_DATE = re.compile(
    r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$"
)


class LenientDateField(forms.DateField):
    """A date typed the way people write it: 2026-09-30, 2026/9/30, 2026年9月30日.

    A plain text box: native date pickers order their segments by the browser's
    locale, which confuses keyboard users and older readers.
    """

    def to_python(self, value):
        if isinstance(value, str):
            match = CHINESE_DATE.match(value)
            if match:
                try:
                    return date(*(int(g) for g in match.groups()))
                except ValueError:
                    raise forms.ValidationError(
                        self.error_messages["invalid"], code="invalid"
                    ) from None
        return super().to_python(value)


class WindowQueryForm(forms.Form):
    """The 公示期计算器 form: a start date and a number of working days."""

    start = LenientDateField(
        label=_("Start date"),
        input_formats=["%Y-%m-%d"],
        help_text=_("e.g. 2026-09-30 or 2026年9月30日"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "placeholder": "2026-09-30",
            }
        ),
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
