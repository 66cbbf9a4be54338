"""GET /api/notices."""

from ninja import Router

router = Router(tags=["notices"])
