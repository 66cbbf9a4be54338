from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.personnel_site.personnel"
    label = "personnel"
    verbose_name = "人员"
