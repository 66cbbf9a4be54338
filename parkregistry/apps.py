from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def policy_version_changed(sender, **kwargs) -> None:
    """A policy version is an input of the notices (the subject's
    ``notice_minimum``): have the notices plugin store its windows afresh."""
    # Imported here: the notices models load only once the app registry is ready.
    from notices.services.windows import recompute_windows

    recompute_windows()


class ParkRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parkregistry"
    verbose_name = _("Park registry")

    def ready(self):
        # Models can be imported only once the app registry is ready (Django).
        from parkregistry.models.in_force import forget_cached_terms

        for signal in (post_save, post_delete):
            signal.connect(
                forget_cached_terms,
                sender="parkregistry.PolicyVersion",
                dispatch_uid=f"policy-terms-{signal is post_save}",
            )
            signal.connect(
                policy_version_changed,
                sender="parkregistry.PolicyVersion",
                dispatch_uid=f"policy-notice-windows-{signal is post_save}",
            )
