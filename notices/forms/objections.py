"""The public objection form and the status lookup form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from notices import conf
from notices.models import NoticeCandidate, ObjectorKind
from notices.rules.objections import (
    is_valid_phone,
    is_valid_receipt,
    normalise_phone,
    normalise_receipt,
)
from notices.services.objection_files import AttachmentRejected, check_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to OBJECTION_MAX_FILES files, each checked by its content."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data or []) if f] if isinstance(data, list | tuple) else []
        if data and not isinstance(data, list | tuple):
            files = [data]
        if len(files) > conf.OBJECTION_MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(n)d files.") % {"n": conf.OBJECTION_MAX_FILES}
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except AttachmentRejected as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return checked


class AccessibleFormMixin:
    """Link each input to its help text and error message (WCAG 3.3.1, 1.3.1)."""

    def prepare_for_render(self):
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-help")
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(ids)
        return self


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.subject.notice_name


CONSENT_TEXT = _(
    "Purpose: %(publisher)s uses the "
    "personal information you give here only to verify and answer this objection "
    "to the notice. Who sees it: only the bureau's objection handlers and city "
    "administrators; it is never published, and the candidates do not learn who "
    "objected. Retention: it is deleted %(years)d years after the objection is "
    "closed; only an anonymous record (receipt number, status, reply) is kept."
)


class ObjectionForm(AccessibleFormMixin, forms.Form):
    """Real-name objection (SPEC §2 "Objection"): nothing else is collected."""

    kind = forms.ChoiceField(
        label=_("You object as"),
        choices=ObjectorKind.choices,
        widget=forms.RadioSelect,
        initial=ObjectorKind.INDIVIDUAL,
        error_messages={"required": _("Choose individual or organisation.")},
    )
    name = forms.CharField(
        label=_("Name (for an organisation: the contact person)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (only when objecting as an organisation)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_(
            "A mobile number, or a landline with its area code, e.g. 0354-1234567."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Enter a phone number.")},
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        help_text=_("If given, the receipt number and query code are also sent there."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address.")},
    )
    address = forms.CharField(
        label=_("Postal address (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    candidate = CandidateChoiceField(
        label=_("Which candidate is the objection about?"),
        queryset=NoticeCandidate.objects.none(),
        required=False,
        empty_label=_("The whole notice"),
        error_messages={
            "invalid_choice": _("Choose one of the candidates of this notice.")
        },
    )
    content = forms.CharField(
        label=_("Your objection and the facts"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "State the facts and, where you can, the evidence (10 to 5000 characters)."
        ),
        error_messages={"required": _("Write your objection and the facts.")},
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Up to 5 files, PDF, JPG or PNG, each at most 10 MB."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I have read the statement above and agree that my personal information is used for handling this objection."
        ),
        error_messages={
            "required": _("Your consent is needed to handle the objection.")
        },
    )
    # Hidden: the signed form token and the honeypot (left empty by people).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = NoticeCandidate.objects.none()
        if page is not None:
            qs = page.candidates.select_related("subject").order_by("sort_order")
        self.fields["candidate"].queryset = qs

    def clean_phone(self):
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if not is_valid_phone(phone):
            raise forms.ValidationError(
                _("Enter a mainland mobile number or a landline with its area code.")
            )
        return phone

    def clean_content(self):
        content = self.cleaned_data.get("content", "")
        low, high = (
            conf.OBJECTION_MIN_CONTENT_CHARS,
            conf.OBJECTION_MAX_CONTENT_CHARS,
        )
        if len(content) < low:
            raise forms.ValidationError(
                _("Write at least %(n)d characters.") % {"n": low}
            )
        if len(content) > high:
            raise forms.ValidationError(
                _("Write at most %(n)d characters (you wrote %(len)d).")
                % {"n": high, "len": len(content)}
            )
        return content

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ObjectorKind.ORGANISATION:
            if not data.get("organisation"):
                self.add_error("organisation", _("Enter the name of the organisation."))
            if not data.get("name"):
                self.add_error("name", _("Enter the name of the contact person."))
        elif kind == ObjectorKind.INDIVIDUAL:
            if not data.get("name"):
                self.add_error("name", _("Enter your name."))
            # Nothing else is collected: an individual has no organisation.
            data["organisation"] = ""
        return data

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def personal_fields(self):
        return [self[n] for n in ("name", "organisation", "phone", "email", "address")]


class LookupForm(AccessibleFormMixin, forms.Form):
    """Receipt number + query code (POST only, never in the URL)."""

    receipt = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        help_text=_("For example YY2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the receipt number.")},
    )
    code = forms.CharField(
        label=_("Query code"),
        max_length=100,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the query code.")},
    )

    def clean_receipt(self):
        receipt = normalise_receipt(self.cleaned_data.get("receipt", ""))
        if not is_valid_receipt(receipt):
            raise forms.ValidationError(_("A receipt number looks like YY2026-000123."))
        return receipt

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip()
