"""Demo records of the park registry."""

from __future__ import annotations

import datetime

from parkregistry.models import PolicyVersion

# The 2022 trial measures expired on 2024-11-30. The demo needs a version in
# force today, so it registers a renewal clearly marked as demo data; a real
# deployment registers the actual renewed document instead.
DEMO_RENEWAL = {
    "title": "市级人力资源服务产业园管理办法（演示续期版本）",
    "doc_no": "演示数据",
    "effective_from": datetime.date(2024, 12, 1),
}


def ensure_demo_policy(log) -> PolicyVersion:
    existing = PolicyVersion.objects.filter(
        effective_from=DEMO_RENEWAL["effective_from"]
    ).first()
    if existing:
        log("kept demo policy renewal")
        return existing
    version = PolicyVersion.objects.create(**DEMO_RENEWAL)
    log("created demo policy renewal (in force from 2024-12-01)")
    return version
