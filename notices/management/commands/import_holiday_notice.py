"""Read the State Council's holiday notice and store its year for confirmation."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from notices.rules.holiday_notice import NoticeParseError
from notices.services.holidays import plan_import, store_import


class Command(BaseCommand):
    help = (
        "Read 《国务院办公厅关于YYYY年部分节假日安排的通知》 (or an amendment such as "
        "《国务院办公厅关于调整2019年劳动节假期安排的通知》) from FILE, plain text or a "
        "saved web page (.html), and store the year's holidays and makeup working "
        "days as UNCONFIRMED (an amendment replaces only its holiday). An editor "
        "then checks and confirms the year under 设置 → 节假日安排."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The notice as .txt or saved .html.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check only; store nothing."
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="Print what the notice defines as JSON (year, kind, document_number, "
            "holidays, makeup_workdays, warnings).",
        )
        parser.add_argument(
            "--year", type=int, help="Refuse the file unless it is this year's notice."
        )

    def handle(self, *args, file, dry_run=False, as_json=False, year=None, **options):
        # Commands run untranslated by default; the messages are the site's Chinese.
        with translation.override(settings.LANGUAGE_CODE):
            self._import(Path(file), dry_run, as_json, year)

    def _import(self, file: Path, dry_run: bool, as_json: bool, year: int | None):
        text = _read(file)
        try:
            plan = plan_import(text, expected_year=year)
        except NoticeParseError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            data = plan.parsed.to_json()
            data["warnings"] = list(plan.warnings)
            self.stdout.write(_dumps(data))
        else:
            self._report(plan)
        if dry_run:
            if not as_json:
                self.stdout.write("--dry-run：未保存。")
            return
        row = store_import(plan, source_label=f"import_holiday_notice {file.name}")
        message = (
            f"{row.year}年与已确认的安排一致，未改动。"
            if plan.unchanged
            else f"{row.year}年的安排已保存为“未确认”；请在 设置 → 节假日安排 中逐日核对后确认。"
        )
        (self.stderr if as_json else self.stdout).write(message)

    def _report(self, plan) -> None:
        parsed = plan.parsed
        kind = "调整通知" if parsed.kind == "amendment" else "年度安排"
        self.stdout.write(
            f"{parsed.year}年 {kind} {parsed.title} {parsed.document_number}".rstrip()
        )
        self.stdout.write(f"放假 {len(parsed.holidays)} 天：")
        for day, name in parsed.holidays.items():
            self.stdout.write(f"  {day.isoformat()} {name}")
        self.stdout.write(f"调休上班 {len(parsed.makeup_workdays)} 天：")
        for day, name in parsed.makeup_workdays.items():
            self.stdout.write(f"  {day.isoformat()} {name}")
        if plan.changes:
            self.stdout.write("与已存安排相比变动的日期：")
            for change in plan.changes:
                self.stdout.write(
                    f"  {change.day.isoformat()} {change.before} → {change.after}"
                )
        if plan.unconfirms_a_year:
            self.stdout.write(
                f"注意：{parsed.year}年原已确认；保存后在重新确认前，跨入该年的公示期无法计算。"
            )
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING(f"提示：{warning}"))


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"无法识别文件 {path} 的编码（应为 UTF-8 或 GB18030）。")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
