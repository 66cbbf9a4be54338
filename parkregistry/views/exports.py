"""Open data: the registry as CSV, XLSX and JSON (the same filters as the list).

Every text cell that a spreadsheet could read as a formula (beginning with
= + - @ tab or CR) is neutralised in all three formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from parkregistry.rules.registry import neutralise_cell
from parkregistry.services.registry_query import (
    FilterError,
    Filters,
    current_queryset,
    iter_rows,
    parse_filters,
    rows_for,
)

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


def export_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row for the files: plain values, text neutralised against formulas."""
    return {key: neutralise_cell(_plain(row.get(key))) for key, _label in COLUMNS}


class _Echo:
    """A file-like object whose ``write`` hands back what it is given (csv → stream)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(filters: Filters) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that Excel opens UTF-8 Chinese correctly
    yield writer.writerow([label for _key, label in COLUMNS])
    for row in iter_rows(filters):
        cells = export_row(row)
        yield writer.writerow([cells[key] for key, _label in COLUMNS])


def _json_chunks(
    filters: Filters, rows: Iterable[dict[str, Any]], count: int
) -> Iterator[str]:
    head = {
        "as_of": filters.as_of.isoformat() if filters.as_of else None,
        "count": count,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "parks": ['
    for index, row in enumerate(rows):
        yield (
            ("," if index else "")
            + "\n "
            + json.dumps(export_row(row), ensure_ascii=False)
        )
    yield "\n]}\n"


def _xlsx(filters: Filters) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("名录")
    sheet.append([label for _key, label in COLUMNS])
    for row in iter_rows(filters):
        cells = export_row(row)
        sheet.append([cells[key] for key, _label in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_view(request, fmt: str):
    """The registry as a file: CSV and JSON streamed row by row from ``.values()``,
    XLSX written in openpyxl's write-only mode."""
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
    stamp = (filters.as_of or timezone.localdate()).isoformat()
    filename = f"jinzhong-parks-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(filters), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            _xlsx(filters),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        if filters.as_of:
            rows = rows_for(filters)
            chunks = _json_chunks(filters, rows, len(rows))
        else:
            count = current_queryset(filters).count()
            chunks = _json_chunks(filters, iter_rows(filters), count)
        response = StreamingHttpResponse(
            chunks, content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
