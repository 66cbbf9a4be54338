"""Open data: the registry as CSV, XLSX and JSON (the same filters as the list).

Every text cell that a spreadsheet could read as a formula (beginning with
= + - @ tab or CR) is neutralised in all three formats.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from parkregistry.rules.registry import neutralise_cell
from parkregistry.services.registry_query import FilterError, parse_filters, rows_for

COLUMNS: list[tuple[str, str]] = [
    ("id", "ID"),
    ("name", "园区名称"),
    ("county", "县（市、区）"),
    ("status", "状态"),
    ("status_code", "状态代码"),
    ("address", "地址"),
    ("operator", "运营机构"),
    ("approval_doc_no", "认定文号"),
    ("approved_on", "认定日期"),
    ("latest_grade", "最近考核等次"),
    ("latest_grade_year", "最近考核年度"),
    ("site_count", "园区数"),
    ("total_area_m2", "建筑面积（平方米）"),
    ("institution_count", "入驻机构数"),
    ("revoked_on", "取消日期"),
    ("revocation_reason", "取消原因"),
    ("revocation_decision", "取消决定"),
]
FORMATS = ("csv", "xlsx", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value) if value != int(value) else int(value)
    return value


def export_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the files: plain values, text neutralised against formulas."""
    return [
        {key: neutralise_cell(_plain(row.get(key))) for key, _label in COLUMNS}
        for row in rows
    ]


def export_view(request, fmt: str):
    if fmt not in FORMATS:
        return HttpResponse(
            _("Unknown export format; use csv, xlsx or json."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    try:
        filters = parse_filters(request.GET)
    except FilterError as exc:
        if fmt == "json":
            return JsonResponse(
                {"error": str(exc)},
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return HttpResponse(
            str(exc), status=400, content_type="text/plain; charset=utf-8"
        )
    rows = export_rows(rows_for(filters))
    stamp = (filters.as_of or timezone.localdate()).isoformat()
    filename = f"jinzhong-parks-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that Excel opens UTF-8 Chinese correctly
        writer = csv.writer(buffer)
        writer.writerow([label for _key, label in COLUMNS])
        for row in rows:
            writer.writerow([row[key] for key, _label in COLUMNS])
        response = HttpResponse(
            buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "名录"
        sheet.append([label for _key, label in COLUMNS])
        for row in rows:
            sheet.append([row[key] for key, _label in COLUMNS])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        payload = {
            "as_of": filters.as_of.isoformat() if filters.as_of else None,
            "count": len(rows),
            "parks": rows,
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
