"""The .docx of the appendix form opens in LibreOffice and shows the values."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from parkregistry.services.docx import build_docx, chinese_date
from tests.factories_applications import make_application

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def test_chinese_dates_and_blank_date_of_the_paper_form():
    from datetime import date

    assert chinese_date(date(2026, 11, 28)) == "2026年11月28日"
    assert chinese_date(None) == "年　　月　　日"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_docx_converts_to_pdf_in_libreoffice_with_the_filled_values(tmp_path):
    application = make_application(
        county_opinion="经初审，同意上报。", contact_person="王主任"
    )
    source = tmp_path / "form.docx"
    source.write_bytes(build_docx(application))
    result = subprocess.run(  # noqa: S603
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "form.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 1000
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(  # noqa: S603
            [pdftotext, str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        compact = "".join(text.split())
        for value in (
            "市级人力资源服务产业园评估认定审批表",
            application.name,
            "王主任",
            "经初审，同意上报。",
            "盖章",
        ):
            assert value in compact, value
