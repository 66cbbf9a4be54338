"""Delete objectors' personal data after the retention period (PIPL)."""

from django.core.management.base import BaseCommand

from notices import conf
from notices.services.objections import purge_due


class Command(BaseCommand):
    help = (
        "Clear the personal data (name, organisation, phone, email, address, content, "
        "attachments) of objections closed longer than OBJECTION_RETENTION_YEARS ago, "
        "in the records and their history; the anonymous record is kept. Safe to run "
        "daily."
    )

    def handle(self, *args, **options):
        count = purge_due()
        self.stdout.write(
            f"purged personal data of {count} objection(s) closed more than "
            f"{conf.OBJECTION_RETENTION_YEARS} year(s) ago"
        )
