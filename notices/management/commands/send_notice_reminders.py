"""Mail the city editors about notice windows: one working day before the closing
day, and once closed with the outcome. Run from cron; safe to run repeatedly."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notices.rules.formatting import long_datetime
from notices.services.notifications import (
    WRITE_NOTICES,
    due_reminders,
    send_reminder,
    staff_recipients,
)


class Command(BaseCommand):
    help = (
        "Mail the holders of notices.write_notices about live notices whose window "
        "closes on the next working day, and about those that have closed (with "
        "the outcome). Each reminder is recorded before it is sent, once per "
        "notice, kind and closing moment: running again sends nothing twice, and "
        "an extension is announced again. Run it from cron, e.g. hourly in office "
        "hours."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be sent; record and send nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        reminders = due_reminders(now)
        recipients = len(staff_recipients(WRITE_NOTICES))
        sent = 0
        for reminder in reminders:
            line = (
                f"{reminder.kind}: notice {reminder.notice.pk} “{reminder.notice.title}”"
                f" (closes {long_datetime(reminder.closes_at)}), "
                f"{recipients} recipient(s)"
            )
            if dry_run:
                self.stdout.write(f"would send {line}")
            elif send_reminder(reminder):
                sent += 1
                self.stdout.write(f"sent {line}")
        if dry_run:
            self.stdout.write(
                f"{len(reminders)} reminder(s) due; nothing sent (dry run)"
            )
        else:
            self.stdout.write(f"{sent} reminder(s) sent")
