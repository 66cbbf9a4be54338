"""WSGI entry point: ``gunicorn --pythonpath site demosite.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demosite.settings.production")

application = get_wsgi_application()
