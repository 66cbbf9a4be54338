"""Load the holiday arrangements the chinese-calendar package knows."""

from django.core.management.base import BaseCommand, CommandError

from notices.services import calendar as services
from notices.services.holiday_sources import package_years


class Command(BaseCommand):
    help = (
        "Store the State Council holiday arrangements known to the chinese-calendar "
        "package (holidays and makeup working days) as confirmed years. "
        "Safe to run again: unchanged years are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Only this year (default: every known year)."
        )

    def handle(self, *args, year=None, **options):
        known = package_years()
        if year is not None and year not in known:
            raise CommandError(
                f"chinese-calendar has no arrangement for {year} "
                f"(it knows {known[0]}-{known[-1]}); enter it in the admin instead."
            )
        years = [year] if year is not None else known
        result = services.sync_package_holidays(years)
        for y in years:
            self.stdout.write(f"{y}: {result[y]}")
        changed = sum(1 for r in result.values() if r != "unchanged")
        self.stdout.write(
            self.style.SUCCESS(f"{len(years)} years checked, {changed} written.")
        )
