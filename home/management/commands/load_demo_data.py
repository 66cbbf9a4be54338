"""Build the demo site's content: pages, and the records each app contributes."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from home.demo import DEMO_SITE_ADDRESS, configure_site

# Each step is ``build(log)``; order matters (registry records before the
# notices that list them). Every step must be safe to run twice.
DEMO_STEPS = [
    "home.demo_bench.ensure_demo_policy",
    "home.demo_users.build",
    "home.demo.build_site_pages",
    "home.demo_applications.build",
    "home.demo_notices.build",
    "home.demo_objections.build",
    "home.demo_registry.build",
    "home.demo_workflow.build",
]


class Command(BaseCommand):
    help = (
        "Load demo content for the public site (safe to run again: existing demo "
        "content is kept, missing pieces are added). Holiday data comes from "
        "sync_holidays, which this command runs first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-holidays",
            action="store_true",
            help="Do not run sync_holidays first.",
        )
        parser.add_argument(
            "--site-address",
            metavar="HOST:PORT",
            help=(
                "Give the default Wagtail site this address (make run passes its "
                "HOST). Without it, only the placeholder localhost:80 becomes "
                f"{DEMO_SITE_ADDRESS}."
            ),
        )

    def handle(self, *args, skip_holidays=False, site_address=None, **options):
        if not skip_holidays:
            call_command("sync_holidays", stdout=self.stdout)
        with transaction.atomic():
            configure_site(site_address, self.stdout.write)
        # The demo's moves are real service calls; their work emails would be
        # addressed to the demo accounts, so none is sent while loading.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
        ):
            for step in DEMO_STEPS:
                with transaction.atomic():
                    import_string(step)(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
