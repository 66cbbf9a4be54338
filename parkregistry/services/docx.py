"""The filled appendix form as a Word document (python-docx).

Laid out like the appendix of the measures: title, applicant unit and date, a
four-column table of the form's fields, the tick boxes, and the county's and the
city's opinion boxes with room for the seal (each the latest opinion of its
level with its date, ``printed_opinions``); sites and the roster follow on an
annex page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import (
    WD_CELL_VERTICAL_ALIGNMENT,
    WD_ROW_HEIGHT_RULE,
    WD_TABLE_ALIGNMENT,
)
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from parkregistry.models.applications import (
    PUBLIC_SERVICE_FIELDS,
    SERVICES,
    Application,
    ConstructionMode,
)
from parkregistry.services.applications import CITY, COUNTY, printed_opinions

FONT = "SimSun"


def chinese_date(day: date | None) -> str:
    """2026年11月28日, or the blank 年 月 日 of the paper form."""
    if day is None:
        return "年　　月　　日"
    return f"{day.year}年{day.month}月{day.day}日"


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def _tick(on: bool, label: str) -> str:
    return f"{'☑' if on else '☐'}{label}"


def _set_font(document: Document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _cell(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build_docx(application: Application) -> bytes:
    """The .docx bytes of the filled appendix form of ``application``."""
    document = Document()
    _set_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))

    document.add_paragraph(_("Appendix"))
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(
        _(
            "Municipal HR Service Industrial Park Evaluation and Recognition Approval Form"
        )
    )
    run.bold = True
    run.font.size = Pt(18)

    meta = document.add_paragraph()
    meta.add_run(_("Applicant unit (seal):") + " " + application.applicant_unit)
    meta.add_run("\t\t" + _("Date filled in:") + " ")
    meta.add_run(chinese_date(application.filed_on) if application.filed_on else "")

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def full_row(label: str, value: str) -> None:
        cells = table.add_row().cells
        _cell(cells[0], label, center=True)
        merged = cells[1].merge(cells[3])
        _cell(merged, value)

    def pair_row(label1: str, value1: str, label2: str, value2: str) -> None:
        cells = table.add_row().cells
        _cell(cells[0], label1, center=True)
        _cell(cells[1], value1)
        _cell(cells[2], label2, center=True)
        _cell(cells[3], value2)

    full_row(_("Park name"), application.name)
    full_row(_("Park address"), application.address)
    pair_row(
        _("Person in charge (contact)"),
        application.contact_person,
        _("Contact phone"),
        application.contact_phone,
    )
    pair_row(
        _("Property ownership"),
        application.ownership,
        _("Registration date"),
        chinese_date(application.registered_on) if application.registered_on else "",
    )
    pair_row(
        _("Construction investment"),
        f"{_number(application.investment_wan)} 万元",
        _("Land area"),
        f"{_number(application.land_area_m2)} m²"
        if application.land_area_m2 is not None
        else "",
    )
    pair_row(
        _("Full-time and part-time staff"),
        "" if application.staff_count is None else str(application.staff_count),
        _("Number of resident institutions"),
        ""
        if application.institution_count is None
        else str(application.institution_count),
    )
    full_row(
        _("Construction mode (tick)"),
        "　".join(
            _tick(application.construction_mode == mode, str(mode.label))
            for mode in (ConstructionMode.NEW, ConstructionMode.RENOVATED)
        ),
    )
    services = "　".join(
        _tick(getattr(application, s.field), str(s.label)) for s in SERVICES
    )
    if application.svc_other_detail:
        services += f"（{application.svc_other_detail}）"
    full_row(_("Services the park offers (tick)"), services)

    opinions = printed_opinions(application)
    for heading, (opinion, day) in (
        (
            _("Opinion of the county HR and social security department:"),
            (opinions[COUNTY].text, opinions[COUNTY].day),
        ),
        (
            _("Opinion of the municipal HR and social security bureau:"),
            (opinions[CITY].text, opinions[CITY].day),
        ),
    ):
        cells = table.add_row().cells
        box = cells[0].merge(cells[3])
        _cell(box, heading)
        box.add_paragraph(opinion or "")
        box.add_paragraph("")
        seal = box.add_paragraph(_("(seal)"))
        seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        when = box.add_paragraph(chinese_date(day))
        when.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    for n, row in enumerate(table.rows):
        opinion_row = n >= len(table.rows) - 2
        row.height = Cm(5 if opinion_row else 1.1)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if not opinion_row:
            row.cells[0].width = Cm(3.8)
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    annex = document.add_paragraph()
    annex.add_run().add_break(WD_BREAK.PAGE)
    heading = annex.add_run(_("Annex: sites and public-service functions"))
    heading.bold = True
    sites = document.add_table(rows=1, cols=3)
    sites.style = "Table Grid"
    for cell, text in zip(
        sites.rows[0].cells,
        (pgettext("park site", "Site"), _("Core site"), _("Building area (m²)")),
        strict=True,
    ):
        _cell(cell, text, bold=True, center=True)
    for site in application.sites.all():
        cells = sites.add_row().cells
        _cell(cells[0], site.name)
        _cell(cells[1], "是" if site.is_core else "否", center=True)
        _cell(cells[2], _number(site.area_m2))
    document.add_paragraph(
        _("Public-service functions:")
        + " "
        + "　".join(
            _tick(getattr(application, s.field), str(s.label))
            for s in PUBLIC_SERVICE_FIELDS
        )
    )
    roster_heading = document.add_paragraph()
    roster_heading.add_run(_("Annex: institution roster")).bold = True
    roster = document.add_table(rows=1, cols=4)
    roster.style = "Table Grid"
    for cell, text in zip(
        roster.rows[0].cells,
        (
            _("Institution"),
            _("Licence or filing number"),
            _("Prior-year revenue (yuan)"),
            _("Operating"),
        ),
        strict=True,
    ):
        _cell(cell, text, bold=True, center=True)
    for institution in application.institutions.all():
        cells = roster.add_row().cells
        _cell(cells[0], institution.name)
        _cell(cells[1], institution.licence_no)
        _cell(cells[2], _number(institution.revenue_yuan))
        _cell(cells[3], "是" if institution.operating else "否", center=True)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
