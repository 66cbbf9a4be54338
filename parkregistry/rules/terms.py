"""Pure values shared by the rule modules (eligibility, money, consequences)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class NoPolicyInForce(Exception):
    """No policy version is in force on the date of a computation."""

    def __init__(self, day: date) -> None:
        super().__init__(day)
        self.day = day


@dataclass(frozen=True)
class PolicyTerms:
    """Every threshold of one policy version (SPEC §2), detached from the ORM."""

    title: str
    doc_no: str
    effective_from: date
    effective_to: date | None
    notice_min_working_days: int
    single_site_min_m2: int
    core_site_min_m2: int
    total_min_m2: int
    max_sub_parks: int
    min_institutions: int
    revenue_total_min_yuan: int
    # (over_yuan, min_count): "超过 over_yuan 元的机构不少于 min_count 家"
    revenue_tiers: tuple[tuple[int, int], ...]
    recognition_award_yuan: int
    subsidy_base_yuan: int
    subsidy_per_person_yuan: int
    subsidy_cap_yuan: int
    employment_ratio_percent: Decimal
    name_prefix: str

    def as_reference(self) -> dict[str, str]:
        return {"title": self.title, "doc_no": self.doc_no}
