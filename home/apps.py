from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from demosite import pagecache
        from home import security  # noqa: F401

        post_save.connect(pagecache.on_record_change, dispatch_uid="pagecache-save")
        post_delete.connect(pagecache.on_record_change, dispatch_uid="pagecache-del")
        page_published.connect(pagecache.on_page_change, dispatch_uid="pagecache-pub")
        page_unpublished.connect(
            pagecache.on_page_change, dispatch_uid="pagecache-unpub"
        )
