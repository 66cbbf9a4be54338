"""The public registry (名录) of municipal-level parks (Art. 10(4), 12, 13, 23–25).

Every record keeps its history (django-simple-history); nothing here is ever
deleted from the public record: a revoked park stays as 已取消.
"""

from __future__ import annotations

from datetime import date

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from parkregistry.models.in_force import policy_for_year
from parkregistry.models.policy import PolicyVersion
from parkregistry.rules import money
from parkregistry.rules import registry as registry_rules
from parkregistry.rules.terms import NoPolicyInForce

DEFAULT_NAME_PREFIX = "晋中"


class ReadOnlyPanel(FieldPanel):
    """A field shown, not edited; an empty one reads "—" (Wagtail prints None)."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return "—"
        return super().format_value_for_display(value)


class RegistryError(Exception):
    """A registry action is refused; ``str(exc)`` is the Chinese user message."""


class ParkStatus(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RECTIFYING = "rectifying", _("Under rectification")
    REVOKED = "revoked", _("Revoked")


class Grade(models.TextChoices):
    """Evaluation grades (Art. 24); the values are the grades' own words."""

    # A context of their own: "Pass"/"Fail" of an eligibility criterion are
    # 符合/不符合, a grade is 合格/不合格.
    EXCELLENT = "优秀", pgettext_lazy("evaluation grade", "Excellent")
    PASS = "合格", pgettext_lazy("evaluation grade", "Pass")
    FAIL = "不合格", pgettext_lazy("evaluation grade", "Fail")


class RectificationResult(models.TextChoices):
    PENDING = "", _("Pending")
    PASSED = "整改合格", _("Passed after rectification")
    STILL_FAILING = "整改后仍不合格", _("Still failing after rectification")


#: Shown for a rectification still open after its deadline (逾期未整改).
OVERDUE_LABEL = _("Overdue, not rectified")


def name_prefix_on(day: date | None) -> str:
    """The official-name prefix of the policy in force on ``day`` (default 晋中)."""
    version = None
    if day is not None:
        version = PolicyVersion.objects.in_force_on(day)
    if version is None:
        version = PolicyVersion.objects.order_by("-effective_from").first()
    return (version.name_prefix if version else "") or DEFAULT_NAME_PREFIX


def name_prefix_error(name: str, day: date | None) -> str | None:
    """The Chinese message when ``name`` lacks the policy's prefix, else None."""
    prefix = name_prefix_on(day)
    name = (name or "").strip()
    if not name.startswith(prefix) or len(name) <= len(prefix):
        return str(
            _("The official name must begin with “%(prefix)s”.") % {"prefix": prefix}
        )
    return None


class ParkQuerySet(models.QuerySet):
    def with_latest_grade(self):
        """Annotate ``latest_grade`` and ``latest_year`` (one query, any size)."""
        latest = Evaluation.objects.filter(park=OuterRef("pk")).order_by("-year")
        return self.annotate(
            latest_grade=Subquery(latest.values("grade")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
        )

    def with_latest_rectification(self):
        """Annotate the latest rectification's deadline and result, so that
        ``Park.status_label`` reads no row of its own (admin listings)."""
        latest = Rectification.objects.filter(evaluation__park=OuterRef("pk")).order_by(
            "-evaluation__year"
        )
        return self.annotate(
            latest_rectification_deadline=Subquery(latest.values("deadline")[:1]),
            latest_rectification_result=Subquery(latest.values("result")[:1]),
        )

    def public(self):
        return (
            self.select_related("county")
            .with_latest_grade()
            .annotate(
                site_count=models.Count("sites", distinct=True),
                institution_count=models.Count("institutions", distinct=True),
                total_area=Subquery(
                    ParkSite.objects.filter(park=OuterRef("pk"))
                    .values("park")
                    .annotate(total=models.Sum("area_m2"))
                    .values("total")[:1]
                ),
            )
        )

    def public_values(self):
        """What the public list reads per park, each count a subquery (no join
        fan-out), the county's name as a column: for ``.values()``."""
        sites = ParkSite.objects.filter(park=OuterRef("pk")).values("park")
        institutions = ParkInstitution.objects.filter(park=OuterRef("pk")).values(
            "park"
        )
        return self.with_latest_grade().annotate(
            county_name=models.F("county__name"),
            site_count=Coalesce(
                Subquery(sites.annotate(n=models.Count("pk")).values("n")[:1]), 0
            ),
            institution_count=Coalesce(
                Subquery(institutions.annotate(n=models.Count("pk")).values("n")[:1]),
                0,
            ),
            total_area=Subquery(
                sites.annotate(total=models.Sum("area_m2")).values("total")[:1]
            ),
        )


class Park(ClusterableModel):
    """A recognised park. Never deleted: a revoked park stays as 已取消."""

    name = models.CharField(
        _("official name"),
        max_length=200,
        unique=True,
        help_text=_("Must begin with the policy's prefix 晋中."),
    )
    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.PROTECT,
        related_name="parks",
        verbose_name=_("county"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParkStatus.choices,
        default=ParkStatus.NORMAL,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    operator = models.CharField(
        _("operator"),
        max_length=200,
        blank=True,
        help_text=_("The body that runs the park (运营管理机构)."),
    )
    services = models.TextField(
        _("services"),
        blank=True,
        help_text=_("The services the park offers, one per line."),
    )
    application = models.ForeignKey(
        "parkregistry.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    notice = models.ForeignKey(
        "notices.NoticePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notice passed"),
    )
    approval_doc_no = models.CharField(
        _("approval document number"),
        max_length=100,
        help_text=_("The number of the approval document (认定批复)."),
    )
    approved_on = models.DateField(_("approved on"))
    rectification_deadline = models.DateField(
        _("rectification deadline"), null=True, blank=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revocation_decision = models.CharField(
        _("revocation decision"), max_length=200, blank=True
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Never shown on public pages or in exports."),
    )

    history = HistoricalRecords(excluded_fields=["internal_notes"])
    objects = ParkQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("county"),
        FieldPanel("status", read_only=True),
        FieldPanel("address"),
        FieldPanel("operator"),
        FieldPanel("services"),
        MultiFieldPanel(
            [
                FieldPanel("approval_doc_no"),
                FieldPanel("approved_on"),
                ReadOnlyPanel("application"),
                ReadOnlyPanel("notice"),
            ],
            heading=_("Approval"),
        ),
        InlinePanel(
            "sites",
            heading=pgettext_lazy("park site", "Sites"),
            label=pgettext_lazy("park site", "site"),
        ),
        InlinePanel("institutions", heading=_("Institutions"), label=_("institution")),
        FieldPanel("internal_notes"),
    ]

    class Meta:
        ordering = ["county__sort_order", "name"]
        verbose_name = _("park")
        verbose_name_plural = _("parks")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        message = name_prefix_error(self.name, self.approved_on)
        if message:
            raise ValidationError({"name": [message]})
        if self.name:
            self.name = self.name.strip()

    @property
    def approval_year(self) -> int:
        return self.approved_on.year

    @admin.display(description=_("status"), ordering="status")
    def status_label(self) -> str:
        """The status, with 逾期未整改 when the open rectification is overdue."""
        label = str(self.get_status_display())
        if self.status != ParkStatus.RECTIFYING:
            return label
        if hasattr(
            self, "latest_rectification_deadline"
        ):  # with_latest_rectification()
            current = {
                "deadline": self.latest_rectification_deadline,
                "result": self.latest_rectification_result,
            }
            current = current if current["deadline"] is not None else None
        else:
            current = (
                Rectification.objects.filter(evaluation__park=self)
                .order_by("-evaluation__year")
                .values("deadline", "result")
                .first()
            )
        if current and registry_rules.rectification_overdue(
            current["deadline"], current["result"], timezone.localdate()
        ):
            return f"{label}（{OVERDUE_LABEL}）"
        return label


class ParkSite(models.Model):
    """A site of a park: the core park or a sub-park (分园)."""

    park = ParentalKey(Park, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(pgettext_lazy("park site", "site name"), max_length=200)
    address = models.CharField(_("site address"), max_length=300, blank=True)
    area_m2 = models.DecimalField(
        _("building area (m²)"), max_digits=12, decimal_places=2
    )
    is_core = models.BooleanField(_("core site"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["park"])

    class Meta:
        ordering = ["-is_core", "sort_order", "pk"]
        verbose_name = pgettext_lazy("park site", "site")
        verbose_name_plural = pgettext_lazy("park site", "sites")

    def __str__(self):
        return self.name


class ParkInstitution(models.Model):
    """An HR service institution in a park (入驻机构)."""

    park = ParentalKey(Park, on_delete=models.CASCADE, related_name="institutions")
    name = models.CharField(_("institution name"), max_length=200)
    licence_no = models.CharField(
        _("licence or filing number"), max_length=100, blank=True
    )
    operating = models.BooleanField(_("operating (for-profit)"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["park"])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    """The evaluation (考核评估) of a park's operating year Y, held in Q1 of Y+1."""

    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("park"),
    )
    year = models.PositiveSmallIntegerField(
        _("operating year"),
        help_text=_(
            "The year evaluated (the evaluation is held in Q1 of the next year)."
        ),
    )
    held_on = models.DateField(
        _("held on"), help_text=_("A day in the first quarter of the next year.")
    )
    economic_development = models.TextField(
        _("economic development"),
        blank=True,
        help_text=_(
            "Art. 24(1): the enterprises' development, speed, quality, innovation."
        ),
    )
    role_played = models.TextField(
        _("role played"),
        blank=True,
        help_text=_(
            "Art. 24(2): serving strategies, employment and talent attraction."
        ),
    )
    operation_management = models.TextField(
        _("operation and management"),
        blank=True,
        help_text=_("Art. 24(3): the operator's service system and safety management."),
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    rectification_deadline = models.DateField(
        _("rectification deadline"),
        null=True,
        blank=True,
        help_text=_("Required for the grade 不合格."),
    )
    result_decision = models.ForeignKey(
        "parkregistry.DecisionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result notice"),
    )
    commendation_decision = models.ForeignKey(
        "parkregistry.DecisionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commendation"),
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Never shown on public pages or in exports."),
    )

    history = HistoricalRecords(excluded_fields=["internal_notes"])

    panels = [
        FieldPanel("park"),
        FieldPanel("year"),
        FieldPanel("held_on"),
        FieldPanel("economic_development"),
        FieldPanel("role_played"),
        FieldPanel("operation_management"),
        FieldPanel("grade"),
        FieldPanel("rectification_deadline"),
        FieldPanel("internal_notes"),
    ]

    class Meta:
        ordering = ["park", "-year"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year"], name="one_evaluation_per_park_year"
            )
        ]

    def __str__(self):
        return f"{self.park} {self.year} {self.grade}"

    @property
    def commended(self) -> bool:
        return self.grade == Grade.EXCELLENT

    def clean(self):
        super().clean()

        errors = registry_rules.evaluation_errors(
            year=self.year,
            held_on=self.held_on,
            approved_on=self.park.approved_on if self.park_id else None,
            grade=self.grade,
            rectification_deadline=self.rectification_deadline,
            today=timezone.localdate(),
        )
        if not self.pk and self.park_id and self.park.status == ParkStatus.REVOKED:
            errors["park"] = [
                str(_("The park has been revoked: it is no longer evaluated."))
            ]
        if self.pk:
            saved = (
                Evaluation.objects.filter(pk=self.pk)
                .values("park_id", "year", "grade")
                .first()
            )
            if saved and (
                saved["park_id"] != self.park_id
                or saved["year"] != self.year
                or saved["grade"] != self.grade
            ):
                errors["grade"] = [
                    str(
                        _(
                            "A recorded grade is part of the public record and "
                            "cannot be changed; only the notes can be edited."
                        )
                    )
                ]
        if self.park_id and self.year and "year" not in errors:
            twice = Evaluation.objects.filter(park_id=self.park_id, year=self.year)
            if twice.exclude(pk=self.pk).exists():
                errors["year"] = [
                    str(_("This park already has a grade for %(year)s."))
                    % {"year": self.year}
                ]
        if errors:
            raise ValidationError(errors)


class Rectification(models.Model):
    """The rectification ordered after a 不合格 grade, and its result."""

    evaluation = models.OneToOneField(
        Evaluation,
        on_delete=models.PROTECT,
        related_name="rectification",
        verbose_name=_("evaluation"),
    )
    deadline = models.DateField(_("deadline"))
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=RectificationResult.choices,
        blank=True,
        default=RectificationResult.PENDING,
    )
    decided_on = models.DateField(_("result decided on"), null=True, blank=True)
    summary = models.TextField(_("consequence"), blank=True)

    history = HistoricalRecords()

    panels = [
        FieldPanel("evaluation", read_only=True),
        FieldPanel("deadline"),
        FieldPanel("result"),
        FieldPanel("decided_on"),
    ]

    class Meta:
        ordering = ["-evaluation__year"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.evaluation.park} {self.evaluation.year}"

    def clean(self):
        super().clean()
        if self.decided_on is not None:
            message = registry_rules.rectification_result_date_error(
                self.decided_on, timezone.localdate()
            )
            if message:
                raise ValidationError({"decided_on": [message]})

    def is_overdue(self, today: date) -> bool:
        """Still open (no result) after its deadline, the park not revoked."""
        return registry_rules.rectification_overdue(
            self.deadline,
            self.result,
            today,
            revoked=self.evaluation.park.status == ParkStatus.REVOKED,
        )

    @admin.display(description=_("result"), ordering="result")
    def state_label(self) -> str:
        """The result, or 逾期未整改 while it is open after the deadline."""
        if self.is_overdue(timezone.localdate()):
            return str(OVERDUE_LABEL)
        return str(self.get_result_display())


class AnnualTask(models.Model):
    """The city's employment tasks for one year (Art. 13 threshold)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    urban_new_employment = models.PositiveIntegerField(
        _("urban new-employment task (persons)")
    )
    rural_labour_transfer = models.PositiveIntegerField(
        _("rural labour-transfer task (persons)")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The document that sets the tasks."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual employment task")
        verbose_name_plural = _("annual employment tasks")

    def __str__(self):
        return str(self.year)

    def clean(self):
        super().clean()
        if (self.urban_new_employment or 0) + (self.rural_labour_transfer or 0) == 0:
            raise ValidationError(
                _("Enter the urban and rural tasks: both cannot be 0.")
            )


class SubsidyRecord(models.Model):
    """A park's operating subsidy for one year (Art. 13), with its formula."""

    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="subsidies", verbose_name=_("park")
    )
    year = models.PositiveSmallIntegerField(_("operating year"))
    placed = models.PositiveIntegerField(
        _("persons placed"),
        null=True,
        blank=True,
        help_text=_("Persons the park placed in employment in the year."),
    )
    threshold = models.PositiveIntegerField(_("threshold (persons)"), default=0)
    amount_yuan = models.PositiveIntegerField(_("amount (yuan)"), default=0)
    formula = models.TextField(_("formula"), blank=True)
    policy_title = models.CharField(_("policy version"), max_length=300, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_in_cycle = models.PositiveSmallIntegerField(
        _("withdrawn in the evaluation of"), null=True, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    history = HistoricalRecords()

    panels = [
        FieldPanel("park"),
        FieldPanel("year"),
        FieldPanel("placed"),
    ]

    class Meta:
        ordering = ["park", "-year"]
        verbose_name = _("operating subsidy")
        verbose_name_plural = _("operating subsidies")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year"], name="one_subsidy_per_park_year"
            )
        ]

    def __str__(self):
        return f"{self.park} {self.year}"

    def clean(self):
        super().clean()
        if self.park_id and self.year and self.placed is not None:
            try:
                compute_subsidy(self.park, self.year, self.placed)
            except RegistryError as exc:
                raise ValidationError({"year": [str(exc)]}) from exc

    @property
    def granted_yuan(self) -> int:
        return 0 if self.withdrawn else self.amount_yuan

    @admin.display(description=_("subsidy status"), ordering="withdrawn")
    def subsidy_status(self) -> str:
        """正常, or 已取消 once withdrawn (Art. 25) — never True/False."""
        if self.withdrawn:
            return pgettext("subsidy status", "Withdrawn")
        return pgettext("subsidy status", "Normal")


class RecognitionAward(models.Model):
    """The one-off recognition award (Art. 12): once per park."""

    park = models.OneToOneField(
        Park,
        on_delete=models.PROTECT,
        related_name="recognition_award",
        verbose_name=_("park"),
    )
    amount_yuan = models.PositiveIntegerField(_("amount (yuan)"))
    awarded_on = models.DateField(_("awarded on"))
    policy_title = models.CharField(_("policy version"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition award")
        verbose_name_plural = _("recognition awards")

    def __str__(self):
        return f"{self.park} {self.amount_yuan}"


class RevocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")


class Revocation(models.Model):
    """Revocation of a park's status (Art. 25): proposed by the system after two
    consecutive 不合格 years, confirmed by a city editor with a decision."""

    park = models.OneToOneField(
        Park,
        on_delete=models.PROTECT,
        related_name="revocation",
        verbose_name=_("park"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevocationStatus.choices,
        default=RevocationStatus.PROPOSED,
    )
    first_year = models.PositiveSmallIntegerField(_("first failing year"))
    second_year = models.PositiveSmallIntegerField(_("second failing year"))
    proposed_on = models.DateField(_("proposed on"))
    reason = models.TextField(_("reason"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    decision_doc_no = models.CharField(
        _("decision document number"), max_length=100, blank=True
    )
    decision = models.ForeignKey(
        "parkregistry.DecisionPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision page"),
    )

    history = HistoricalRecords()

    panels = [
        FieldPanel("park", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("reason"),
        FieldPanel("revoked_on"),
        FieldPanel("decision_doc_no"),
    ]

    class Meta:
        ordering = ["-proposed_on"]
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")

    def __str__(self):
        return f"{self.park}（{self.get_status_display()}）"


# --- the operating subsidy (Art. 13, Art. 25) ------------------------------------


def compute_subsidy(park: Park, year: int, placed: int) -> dict:
    """The Art. 13 subsidy of ``park`` for ``year``, subject to Art. 25.

    Raises:
        RegistryError: no annual tasks for the year, or no policy in force.
    """
    task = AnnualTask.objects.filter(year=year).first()
    if task is None:
        raise RegistryError(
            gettext("The city's employment tasks for %(year)s have not been entered.")
            % {"year": year}
        )
    try:
        terms = policy_for_year(year)
    except NoPolicyInForce as exc:
        raise RegistryError(
            gettext("No version of the measures was in force in %(year)s.")
            % {"year": year}
        ) from exc
    result = money.operating_subsidy(
        placed, task.urban_new_employment, task.rural_labour_transfer, terms
    )
    grade = (
        Evaluation.objects.filter(park=park, year=year)
        .values_list("grade", flat=True)
        .first()
    )
    amount, formula = result.amount_yuan, result.formula
    if grade == Grade.FAIL:
        amount = 0
        formula += "；" + gettext(
            "graded fail for the year: no operating subsidy (Art. 25)"
        )
    return {
        "threshold": result.threshold,
        "amount_yuan": amount,
        "formula": formula,
        "policy_title": f"{terms.title} {terms.doc_no}".strip(),
    }
