"""JSON endpoints of the park registry (mounted under /api/ by the site)."""

from ninja import Router

router = Router(tags=["parkregistry"])
