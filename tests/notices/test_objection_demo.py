"""Demo objections: every status on the closed demo notice; safe to run twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from home.demo_objections import TARGET_SLUG, demo_code
from notices.models import Objection, ObjectionStatus
from notices.services.objections import find_for_lookup

pytestmark = pytest.mark.django_db


def test_demo_objections_cover_every_status_and_run_twice():
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
    ours = Objection.objects.filter(receipt_no__contains="-8000")
    assert {o.status for o in ours} == set(ObjectionStatus.values)
    assert {o.notice.slug for o in ours} == {TARGET_SLUG}
    count = Objection.objects.count()
    call_command("load_demo_data", "--skip-holidays", stdout=StringIO())
    assert Objection.objects.count() == count
    sample = ours.filter(status="replied").get()
    assert find_for_lookup(sample.receipt_no, demo_code(sample.receipt_no)) == sample
    for o in ours:
        assert o.name.startswith("演示") and o.phone.startswith("1380000")
