"""Applications (申报, Art. 10 and the appendix form).

The application holds every field of the appendix form
《市级人力资源服务产业园评估认定审批表》, its sites and institution roster, the four
public-service functions of Art. 9(3), the seven materials of Art. 10(1) (stored
outside the public media path and served only through a permission-checked
view), the county's and the city's opinions, the expert review and the
reviewers' judgement on the qualitative items of Art. 9. Every move between
stages is a :class:`StageMove` (who, when, opinion). :class:`CountyMembership`
ties a county editor to exactly one county (属地管理, Art. 4).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from parkregistry.models.procedure import ApplicationSubject
from parkregistry.models.stages import ConstructionMode, ExpertConclusion, Stage

MATERIAL_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "ofd"]
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


class PrivateMaterialStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT/applications``: no URL at all.

    The location is read from the settings on each use (not cached), so a
    changed ``PRIVATE_MEDIA_ROOT`` (tests, deployments) takes effect at once.
    """

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / "applications")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_material_storage() -> FileSystemStorage:
    """Storage for application materials: outside MEDIA_ROOT, never served by URL."""
    return PrivateMaterialStorage()


def material_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


def validate_material_size(upload) -> None:
    if upload.size > MATERIAL_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": MATERIAL_MAX_BYTES // (1024 * 1024)}
        )


@dataclass(frozen=True)
class Slot:
    """A checkbox or document slot: model field name and its label."""

    field: str
    label: str
    required: bool = True


# The ten services of the appendix form, in its order.
SERVICES: tuple[Slot, ...] = (
    Slot("svc_policy_consulting", _("Policy consulting")),
    Slot("svc_information", _("Information services")),
    Slot("svc_registration", _("Business registration")),
    Slot("svc_licensing", _("Licences and permits")),
    Slot("svc_startup_guidance", _("Start-up guidance")),
    Slot("svc_fitout", _("Fit-out and move-in")),
    Slot("svc_property", _("Property services")),
    Slot("svc_platform", _("Platform building")),
    Slot("svc_financing", _("Financing services")),
    Slot("svc_other", _("Other services")),
)

# The four public-service functions of Art. 9(3); ``label`` is the exact name
# used by parkregistry.rules.eligibility.PUBLIC_SERVICES.
PUBLIC_SERVICE_FIELDS: tuple[Slot, ...] = (
    Slot("ps_employment", "就业创业"),
    Slot("ps_training", "职业培训"),
    Slot("ps_social_security", "社会保障"),
    Slot("ps_personnel", "人事人才"),
)

# The seven materials of Art. 10(1), one document slot each.
MATERIALS: tuple[Slot, ...] = (
    Slot("material_letter", _("1. Application letter")),
    Slot(
        "material_form",
        _("2. The appendix form (Evaluation and Recognition Approval Form)"),
    ),
    Slot(
        "material_feasibility",
        _("3. Feasibility study and construction and development plan"),
    ),
    Slot(
        "material_operations",
        _("4. Construction, management and operation of the park"),
    ),
    Slot("material_policies", _("5. Local support policies")),
    Slot(
        "material_institutions",
        _("6. Resident HR service institutions (roster, licences, evidence)"),
    ),
    Slot("material_other", _("7. Other relevant materials"), required=False),
)

# The qualitative items of Art. 9 judged by the reviewers: criterion key -> field.
JUDGEMENT_FIELDS: dict[str, str] = {
    "planning": "judgement_planning",
    "management": "judgement_management",
    "policies": "judgement_policies",
    "social_benefit": "judgement_social_benefit",
}


def roster_count_problem(declared: int | None, on_roster: int) -> str | None:
    """Why the declared number of institutions (入驻机构数量) disagrees with the
    roster, or None.

    The form's number must be the roster's. While the roster is still empty (a
    draft being filled in) or no number is declared, there is nothing to compare.
    """
    if declared is None or on_roster == 0 or declared == on_roster:
        return None
    return gettext(
        "The declared number of resident institutions is %(declared)s, but the "
        "roster lists %(roster)s. Correct the number, or complete the roster "
        "(tab “Sites and roster”)."
    ) % {"declared": declared, "roster": on_roster}


def core_sites_problem(core_site_names: list[str]) -> str | None:
    """Why the sites marked as core are too many (at most one), or None."""
    if len(core_site_names) <= 1:
        return None
    return gettext(
        "Only one site can be the core site; %(sites)s are all marked as core."
    ) % {"sites": "、".join(f"“{name}”" for name in core_site_names)}


def _material_field(label):
    return models.FileField(
        label,
        storage=private_material_storage,
        upload_to=material_upload_to,
        max_length=255,
        blank=True,
        validators=[
            FileExtensionValidator(MATERIAL_EXTENSIONS),
            validate_material_size,
        ],
        help_text=_("PDF, Word, Excel, OFD or image, at most 20 MB."),
    )


def _bool(label):
    return models.BooleanField(label, default=False)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """The applications ``user`` may see (属地管理): city staff all, a county
        editor only their county's, anybody else none."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.has_perm("parkregistry.review_all_counties"):
            return self
        return self.filter(county__memberships__user=user)


class Application(ApplicationSubject, ClusterableModel):
    """One county's application for a park to be recognised as municipal-level.

    Edited in the admin under 申报 (parkregistry.admin.applications); county editors
    see only their own county's applications.
    """

    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("county"),
        help_text=_("The county-level unit that manages the park (Art. 4)."),
    )
    applicant_unit = models.CharField(
        _("applicant unit"),
        max_length=200,
        blank=True,
        help_text=_("The unit that seals the form (申报单位)."),
    )
    filed_on = models.DateField(
        _("date filled in"),
        null=True,
        blank=True,
        help_text=_(
            "Date on the form; the eligibility check uses the policy version in "
            "force on this date (today when empty)."
        ),
    )
    name = models.CharField(_("park name"), max_length=200)
    address = models.CharField(_("park address"), max_length=300, blank=True)
    contact_person = models.CharField(
        _("person in charge (contact)"), max_length=100, blank=True
    )
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    ownership = models.CharField(
        _("property ownership"),
        max_length=200,
        blank=True,
        help_text=_("Who owns the buildings (产权归属)."),
    )
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    investment_wan = models.DecimalField(
        _("construction investment (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    land_area_m2 = models.DecimalField(
        _("land area (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    staff_count = models.PositiveIntegerField(
        _("full-time and part-time staff"), null=True, blank=True
    )
    institution_count = models.PositiveIntegerField(
        _("number of resident institutions"),
        null=True,
        blank=True,
        help_text=_("As declared on the form; the roster below is what is checked."),
    )
    construction_mode = models.CharField(
        _("construction mode"),
        max_length=20,
        choices=ConstructionMode.choices,
        blank=True,
    )
    svc_policy_consulting = _bool(_("Policy consulting"))
    svc_information = _bool(_("Information services"))
    svc_registration = _bool(_("Business registration"))
    svc_licensing = _bool(_("Licences and permits"))
    svc_startup_guidance = _bool(_("Start-up guidance"))
    svc_fitout = _bool(_("Fit-out and move-in"))
    svc_property = _bool(_("Property services"))
    svc_platform = _bool(_("Platform building"))
    svc_financing = _bool(_("Financing services"))
    svc_other = _bool(_("Other services"))
    svc_other_detail = models.CharField(
        _("other services (details)"), max_length=200, blank=True
    )

    ps_employment = _bool("就业创业")
    ps_training = _bool("职业培训")
    ps_social_security = _bool("社会保障")
    ps_personnel = _bool("人事人才")

    material_letter = _material_field(_("1. Application letter"))
    material_form = _material_field(
        _("2. The appendix form (Evaluation and Recognition Approval Form)")
    )
    material_feasibility = _material_field(
        _("3. Feasibility study and construction and development plan")
    )
    material_operations = _material_field(
        _("4. Construction, management and operation of the park")
    )
    material_policies = _material_field(_("5. Local support policies"))
    material_institutions = _material_field(
        _("6. Resident HR service institutions (roster, licences, evidence)")
    )
    material_other = _material_field(_("7. Other relevant materials"))

    county_opinion = models.TextField(
        _("opinion of the county HR and social security department"), blank=True
    )
    county_opinion_date = models.DateField(
        _("date of the county's opinion"), null=True, blank=True
    )
    city_opinion = models.TextField(
        _("opinion of the municipal HR and social security bureau"), blank=True
    )
    city_opinion_date = models.DateField(
        _("date of the city's opinion"), null=True, blank=True
    )

    expert_review_date = models.DateField(
        _("expert review date"), null=True, blank=True
    )
    expert_conclusion = models.CharField(
        _("expert review conclusion"),
        max_length=20,
        choices=ExpertConclusion.choices,
        blank=True,
    )
    expert_notes = models.TextField(_("expert review notes"), blank=True)

    judgement_planning = models.TextField(
        _("reviewers' judgement: scientific planning (Art. 9(1))"), blank=True
    )
    judgement_management = models.TextField(
        _("reviewers' judgement: management and operation (Art. 9(4))"), blank=True
    )
    judgement_policies = models.TextField(
        _("reviewers' judgement: support policies (Art. 9(5))"), blank=True
    )
    judgement_social_benefit = models.TextField(
        _("reviewers' judgement: social benefits (Art. 9(6))"), blank=True
    )
    proceed_reason = models.TextField(
        _("reason to proceed despite a failed criterion"),
        blank=True,
        help_text=_(
            "Art. 9 says “in principle”: the city may proceed although a computed "
            "criterion fails, and records why here."
        ),
    )

    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT
    )
    park = models.ForeignKey(
        "parkregistry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_park_applications",
        verbose_name=_("existing park (adding a sub-park, Art. 11)"),
        help_text=_(
            "Only for a request to add a sub-park to an approved park (Art. 11): "
            "its sites are the new sub-parks."
        ),
    )
    sub_park_exception = models.TextField(
        _("recorded exception for more sub-parks"),
        blank=True,
        help_text=_(
            "Art. 9(2): in principle no more than the policy's number of sub-parks "
            "(3). Approving more needs the reason recorded here."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        # Roles are these permissions; the site gives them to its groups.
        permissions = [
            ("review_all_counties", _("Can see every county's applications")),
            ("act_for_city", _("Can move applications as the city")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.svc_other_detail and not self.svc_other:
            self.svc_other = True

    @property
    def public_services(self) -> frozenset[str]:
        """The public-service functions ticked, by their names in Art. 9(3)."""
        return frozenset(
            s.label for s in PUBLIC_SERVICE_FIELDS if getattr(self, s.field)
        )

    @property
    def services_offered(self) -> list[str]:
        return [str(s.label) for s in SERVICES if getattr(self, s.field)]

    @property
    def services(self) -> list[str]:
        """The services ticked on the form, with the details of 其他服务."""
        offered = self.services_offered
        if self.svc_other and self.svc_other_detail:
            offered[-1] = f"{offered[-1]}（{self.svc_other_detail}）"
        return offered

    @property
    def is_sub_park_request(self) -> bool:
        """A request under Art. 11 to add sub-parks to an approved park."""
        return self.park_id is not None

    def material_checklist(self) -> list[tuple[Slot, bool]]:
        """Each of the seven materials with whether it has been uploaded."""
        return [(slot, bool(getattr(self, slot.field))) for slot in MATERIALS]

    @property
    def missing_materials(self) -> list[Slot]:
        """The required materials not yet uploaded."""
        return [
            s for s, present in self.material_checklist() if s.required and not present
        ]


class ApplicationSite(models.Model):
    """A site of the park: the core park or a sub-park (分园), with its building area."""

    application = ParentalKey(
        Application, on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(pgettext_lazy("park site", "site name"), max_length=200)
    address = models.CharField(_("site address"), max_length=300, blank=True)
    area_m2 = models.DecimalField(
        _("building area (m²)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Building area in square metres."),
    )
    is_core = models.BooleanField(
        _("core site"),
        default=False,
        help_text=_("With several sites, mark exactly one as the core site."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["application"])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = pgettext_lazy("park site", "site")
        verbose_name_plural = pgettext_lazy("park site", "sites")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.area_m2 is not None and self.area_m2 <= 0:
            raise ValidationError(
                {"area_m2": _("The building area must be greater than 0 m².")}
            )


class RosterInstitution(models.Model):
    """An HR service institution on the application's roster (入驻机构名录)."""

    application = ParentalKey(
        Application, on_delete=models.CASCADE, related_name="institutions"
    )
    name = models.CharField(_("institution name"), max_length=200)
    licence_no = models.CharField(
        _("licence or filing number"),
        max_length=100,
        blank=True,
        help_text=_(
            "许可证/备案凭证 number; without one the institution does not count."
        ),
    )
    revenue_yuan = models.DecimalField(
        _("prior-year revenue (yuan, including collections and payments on behalf)"),
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    operating = models.BooleanField(_("operating (for-profit)"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["application"])

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.revenue_yuan is not None and self.revenue_yuan < 0:
            raise ValidationError(
                {"revenue_yuan": _("The revenue cannot be negative.")}
            )


class StageMove(models.Model):
    """One recorded move of an application between stages: who, when, opinion."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="moves",
        verbose_name=_("application"),
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)
    opinion = models.TextField(_("opinion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["moved_at", "pk"]
        verbose_name = _("stage move")
        verbose_name_plural = _("stage moves")

    def __str__(self):
        return f"{self.application}: {self.from_stage} → {self.to_stage}"


class CountyMembership(models.Model):
    """Ties a county editor (县级编辑) to exactly one county (属地管理, Art. 4)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="county_membership",
        verbose_name=_("user"),
    )
    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("county"),
        help_text=_("The only county whose applications this user can see."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("county membership")
        verbose_name_plural = _("county memberships")

    def __str__(self):
        return f"{self.user} → {self.county}"


def _county_id_of(instance) -> int | None:
    """The county of a county-owned record: its own, or its park's (through its
    evaluation for a rectification). The registry's records reach their county
    only through the park; ``parkregistry.services.access.COUNTY_PATHS`` names
    the same paths for querysets."""
    target = instance
    for _hop in range(3):
        if hasattr(target, "county_id"):
            return target.county_id
        target = getattr(target, "park", None) or getattr(target, "evaluation", None)
        if target is None:
            return None
    return None


class ApplicationLogEntryManager(BaseLogEntryManager):
    def viewable_by_user(self, user):
        """Wagtail's rule (a permission on the model) narrowed by 属地管理.

        Wagtail caches the content types a user may see on the user object
        across log models, so the decision here does not rely on it: a county
        editor sees their own county's entries of the models they hold a
        permission on, and nothing else.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.has_perm("parkregistry.review_all_counties"):
            return self.all()
        allowed = [
            content_type.pk
            for content_type in ContentType.objects.filter(
                pk__in=self.values("content_type_id")
            )
            if any(
                user.has_perm(f"{content_type.app_label}.{action}_{content_type.model}")
                for action in ("add", "change", "delete", "view")
            )
        ]
        return self.filter(county__memberships__user=user, content_type_id__in=allowed)

    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), county_id=_county_id_of(instance))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            object_id=str(instance.pk),
            content_type=ContentType.objects.get_for_model(
                instance, for_concrete_model=False
            ),
        )


class ApplicationLogEntry(BaseLogEntry):
    """Wagtail's audit log of county-owned records (applications and the
    registry's records of a county's parks), kept apart with the county so that
    the site-wide history report shows a county editor only their own county's
    entries."""

    object_id = models.CharField(max_length=255, db_index=True)
    county = models.ForeignKey(
        "parkregistry.County",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ApplicationLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("application log entry")
        verbose_name_plural = _("application log entries")
