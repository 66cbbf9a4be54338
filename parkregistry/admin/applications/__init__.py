"""Admin of applications (申报): the viewset, its forms, panels and extra views.

Every URL of the viewset that names an application (edit, inspect, history,
usage, delete, move, print, .docx, materials) is wrapped by
:func:`~parkregistry.admin.applications.views.county_guard`, so a county editor
gets 404 for any application outside their county, whatever the view; the index
(and its exports) lists only visible applications.

The modules by concern: ``context`` (eligibility report and links for the
templates), ``forms`` (forms and widgets), ``panels`` (the edit handler),
``views`` (the guard and the views) and ``viewsets`` (the viewsets and their
hooks). ``parkregistry.wagtail_hooks`` imports this package; importing
``viewsets`` here registers its ``@hooks.register`` functions at startup.
"""

from parkregistry.admin.applications import viewsets  # noqa: F401  (registers hooks)
