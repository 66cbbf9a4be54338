"""Demo objections (built by load_demo_data; safe to run twice).

Objections in every status on the closed demo notice with objections (built by
home.demo_notices). Names, phone numbers and addresses are obviously
synthetic; receipt numbers are YY<year>-8000NN so they never meet real ones.
Each demo objection can be looked up with the query code ``DEMO-<receipt number>``.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from notices.models import NoticePage, Objection
from notices.services.objections import hash_code, reply_due_for

TARGET_SLUG = "closed-notice-with-objections"

DEMO = [
    # (n, status, finding, kind, reply / reason)
    (1, "received", "", "individual", ""),
    (2, "checking", "", "organisation", ""),
    (
        3,
        "replied",
        "not_sustained",
        "individual",
        "经核查，该园区入驻机构数量与申报材料一致，异议不成立。",
    ),
    (
        4,
        "closed",
        "not_sustained",
        "individual",
        "经实地核查，园区面积符合要求，异议不成立。",
    ),
    (5, "not_accepted", "", "individual", "异议内容与本次公示无关，不予受理。"),
    (
        6,
        "closed",
        "sustained",
        "organisation",
        "经核查，异议反映的部分机构未取得许可证属实，异议成立。",
    ),
    (7, "withdrawn", "", "individual", ""),
]


def demo_code(receipt_no: str) -> str:
    return f"DEMO-{receipt_no}"


def _target_notice(log):
    page = NoticePage.objects.live().filter(slug=TARGET_SLUG).first()
    if page is None:
        log(f"no demo notice {TARGET_SLUG}: demo objections skipped")
    return page


def build(log) -> None:
    """Add the demo objections; existing ones are kept as they are."""
    page = _target_notice(log)
    if page is None:
        return
    try:
        window = page.window()
    except Exception:  # noqa: BLE001 - no usable window: nothing to attach to
        log("demo notice has no computable window: demo objections skipped")
        return
    candidates = list(page.candidates.all())
    submitted = max(window.opens_at, timezone.now() - timedelta(days=400))
    submitted = min(submitted + timedelta(hours=2), window.closes_at)
    year = timezone.localtime(submitted).year
    created = 0
    for n, status, finding, kind, text in DEMO:
        receipt_no = f"YY{year}-8000{n:02d}"
        if Objection.objects.filter(receipt_no=receipt_no).exists():
            continue
        at = submitted + timedelta(minutes=n)
        # Objections 2 and 5 concern the whole notice, the others one candidate.
        candidate = (
            candidates[n % len(candidates)] if candidates and n not in (2, 5) else None
        )
        closed = status in ("closed", "not_accepted", "withdrawn")
        replied = status in ("replied", "closed")
        Objection.objects.create(
            notice=page,
            candidate=candidate,
            receipt_no=receipt_no,
            code_hash=hash_code(demo_code(receipt_no)),
            kind=kind,
            name=f"演示异议人{n}",
            organisation="演示单位（虚构）" if kind == "organisation" else "",
            phone=f"1380000{n:04d}",
            email=f"demo{n}@example.invalid",
            address="演示地址（虚构）",
            content=f"这是第{n}条演示异议，内容为虚构，仅用于演示办理流程。",
            status=status,
            finding=finding,
            reply=text if replied else "",
            not_accepted_reason=text if status == "not_accepted" else "",
            submitted_at=at,
            reply_due=reply_due_for(timezone.localdate(at)),
            replied_at=at + timedelta(days=3) if replied else None,
            closed_at=at + timedelta(days=5) if closed else None,
        )
        created += 1
    log(
        f"demo objections: {created} created on {page.slug}; look one up with "
        f"receipt YY{year}-800003 and code {demo_code(f'YY{year}-800003')}"
    )
