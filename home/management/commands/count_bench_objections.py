"""Print how many objections were filed through the form (for `make bench`)."""

from django.core.management.base import BaseCommand

from notices.models import Objection


class Command(BaseCommand):
    help = "Count objections other than the generated ones (receipt YY1999-…)."

    def handle(self, *args, **options):
        count = Objection.objects.exclude(receipt_no__startswith="YY1999-").count()
        self.stdout.write(str(count))
