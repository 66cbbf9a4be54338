"""Holiday arrangements per year, as published by the State Council."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from notices.rules.workingdays import YearArrangement


class HolidayYear(ClusterableModel):
    """One year's holiday arrangement (节假日安排) with its source document.

    Only confirmed years are used to compute notice windows; a year that is
    missing or unconfirmed stops the computation with a message naming it.
    Edited under 设置 → 节假日安排 in the admin.
    """

    year = models.PositiveSmallIntegerField(
        _("year"),
        unique=True,
        help_text=_("The calendar year this arrangement covers, e.g. 2027."),
    )
    source_title = models.CharField(
        _("source document title"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 国务院办公厅关于2027年部分节假日安排的通知"),
    )
    doc_no = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 国办发明电〔2025〕7号"),
    )
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("The date the State Council published the arrangement."),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_(
            "Tick only after checking every date against the published document. "
            "Unconfirmed years are never used for notice windows."
        ),
    )
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        editable=False,
        help_text=_(
            "Made up by the demo data for a year without an official arrangement; "
            "never used with production settings."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("year"),
                FieldPanel("source_title"),
                FieldRowPanel([FieldPanel("doc_no"), FieldPanel("published_on")]),
                FieldPanel("confirmed"),
                FieldPanel("notes"),
            ],
            heading=_("Arrangement"),
        ),
        InlinePanel(
            "dates",
            heading=_("Holidays and makeup working days"),
            label=_("Date"),
        ),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday arrangement")
        verbose_name_plural = _("holiday arrangements")

    def __str__(self):
        return str(self.year)

    @property
    def source(self) -> str:
        return " ".join(p for p in (self.source_title, self.doc_no) if p)

    def to_arrangement(self, dates=None) -> YearArrangement:
        rows = self.dates.all() if dates is None else dates
        return YearArrangement(
            year=self.year,
            holidays={
                d.date: d.name for d in rows if d.kind == HolidayDate.Kind.HOLIDAY
            },
            makeup_workdays=frozenset(
                d.date for d in rows if d.kind == HolidayDate.Kind.MAKEUP_WORKDAY
            ),
            source=self.source,
            demo=self.is_demo,
        )


class HolidayDate(models.Model):
    """A single holiday (放假) or makeup working day (调休上班) of a year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        MAKEUP_WORKDAY = "makeup_workday", _("makeup working day")

    arrangement = ParentalKey(
        HolidayYear, on_delete=models.CASCADE, related_name="dates"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.HOLIDAY,
        help_text=_(
            "Holiday: a day off, including weekend days inside the holiday. "
            "Makeup working day: a Saturday or Sunday that is worked (调休)."
        ),
    )
    name = models.CharField(
        _("holiday name"),
        max_length=50,
        blank=True,
        help_text=_("e.g. 国庆节; for a makeup day, the holiday it belongs to."),
    )

    # The ParentalKey cannot be copied into the history table (modelcluster
    # forbids related_name="+"); the date itself says which year a row belongs to.
    history = HistoricalRecords(excluded_fields=["arrangement"])

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")])
    ]

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday date")
        verbose_name_plural = _("holiday dates")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "date"], name="unique_holiday_date_per_year"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.date
            and self.arrangement_id
            and self.date.year != self.arrangement.year
        ):
            errors["date"] = _("The date must fall in %(year)s.") % {
                "year": self.arrangement.year
            }
        if (
            self.date
            and self.kind == self.Kind.MAKEUP_WORKDAY
            and self.date.weekday() < 5
        ):
            errors["kind"] = _("A makeup working day is always a Saturday or Sunday.")
        if self.kind == self.Kind.HOLIDAY and not self.name:
            errors["name"] = _("Give the holiday's name, e.g. 国庆节.")
        if errors:
            raise ValidationError(errors)
