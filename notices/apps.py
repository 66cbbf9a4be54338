from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import post_page_move


class NoticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        # Models (ours and Wagtail's) can be imported only once the app registry
        # is ready; importing ``signals`` connects the cache purges (Django).
        from wagtail.models import Page, PageViewRestriction

        from notices import signals  # noqa: F401
        from notices.models.view_restrictions import forget

        # Restricted paths are cached: any change to a restriction or to a page
        # (of any page type) drops the cached list.
        def on_change(sender, instance=None, **kwargs):
            if isinstance(instance, (Page, PageViewRestriction)):
                forget()

        post_save.connect(on_change, weak=False, dispatch_uid="vr-save")
        post_delete.connect(on_change, weak=False, dispatch_uid="vr-del")
        post_page_move.connect(forget, dispatch_uid="vr-move")
