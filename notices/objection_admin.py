"""Admin views (registered from wagtail_hooks)."""
