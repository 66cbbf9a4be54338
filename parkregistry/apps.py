from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "parkregistry"
    verbose_name = _("Park registry")

    def ready(self):
        from parkregistry import registry_signals  # noqa: F401
