"""Zero loss: concurrent submissions on PostgreSQL, and a database failure mid-way."""

import re
import threading

import pytest
from django.db import OperationalError, connection
from django.test import Client

from notices.models import Objection, ObjectionAttachment, ReceiptCounter
from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_notice,
    objection_data,
    objection_url,
    pdf_file,
)

THREADS = 20


@pytest.mark.django_db
@pytest.mark.usefixtures("_private_root")
def test_database_drop_mid_submission_shows_retry_and_keeps_nothing(client, settings):
    page = make_notice()

    def drop_on_attachment_insert(execute, sql, params, many, context):
        if "notices_objectionattachment" in sql and sql.lstrip().upper().startswith(
            "INSERT"
        ):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(drop_on_attachment_insert):
        response = client.post(
            objection_url(page), objection_data(attachments=[pdf_file()])
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert "未提交成功，请重试" in html
    assert not Objection.objects.exists()
    assert not ObjectionAttachment.objects.exists()
    assert not Objection.history.exists()
    root = settings.OBJECTION_ATTACHMENT_ROOT
    assert not root.exists() or not any(root.iterdir())
    # the next try works and gets the first number of the year
    response = client.post(objection_url(page), objection_data())
    assert response.status_code == 303
    assert Objection.objects.get().receipt_no.endswith("-000001")


def _cleanup(page, county_existed, index_existed, policy_existed):
    from django.contrib.sessions.models import Session

    from notices.models import NoticeIndexPage
    from parkregistry.models import Application, County

    ids = list(Objection.objects.filter(notice=page).values_list("pk", flat=True))
    Objection.objects.filter(pk__in=ids).delete()
    Objection.history.filter(id__in=ids).delete()
    ReceiptCounter.objects.all().delete()
    Session.objects.all().delete()
    app_ids = list(page.candidates.values_list("subject_id", flat=True))
    index = page.get_parent()
    page.delete()
    Application.objects.filter(pk__in=app_ids).delete()
    Application.history.filter(id__in=app_ids).delete()
    if not index_existed:
        NoticeIndexPage.objects.filter(pk=index.pk).delete()
    if not policy_existed:
        from home.demo_bench import DEMO_RENEWAL
        from parkregistry.models import PolicyVersion

        ids = list(
            PolicyVersion.objects.filter(
                effective_from=DEMO_RENEWAL["effective_from"]
            ).values_list("pk", flat=True)
        )
        PolicyVersion.objects.filter(pk__in=ids).delete()
        PolicyVersion.history.filter(id__in=ids).delete()
    if not county_existed:
        County.objects.filter(name="榆次区").delete()
        County.history.filter(name="榆次区").delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is checked on PostgreSQL"
)
def test_twenty_concurrent_submissions_are_each_kept_once(
    django_db_blocker, settings, tmp_path
):
    """Committed data in a real PostgreSQL database (no test transaction), so the
    threads' connections see it; everything created is removed afterwards."""
    settings.OBJECTION_RELAXED_LIMITS = True
    settings.OBJECTION_ATTACHMENT_ROOT = tmp_path / "objections"
    with django_db_blocker.unblock():
        from home.demo_bench import DEMO_RENEWAL
        from notices.models import NoticeIndexPage
        from parkregistry.models import County, PolicyVersion

        county_existed = County.objects.filter(name="榆次区").exists()
        policy_existed = PolicyVersion.objects.filter(
            effective_from=DEMO_RENEWAL["effective_from"]
        ).exists()
        index_existed = NoticeIndexPage.objects.exists()
        from notices.models import NoticePage
        from parkregistry.models import Application

        models = [Application, County, NoticeIndexPage, NoticePage, PolicyVersion]
        before = {m: m.objects.count() for m in models}
        page = make_notice()
        url = objection_url(page)
        results: list[tuple[int, str | None]] = []
        lock = threading.Lock()
        start = threading.Barrier(THREADS)

        def submit(i: int) -> None:
            try:
                client = Client()
                client.get(url)
                start.wait(timeout=30)
                response = client.post(url, objection_data(phone=f"1390000{i:04d}"))
                receipt = None
                if response.status_code == 303:
                    html = client.get(response["Location"]).content.decode()
                    match = re.search(r'class="receipt-no">([^<]+)<', html)
                    receipt = match.group(1) if match else None
                with lock:
                    results.append((response.status_code, receipt))
            finally:
                connection.close()

        try:
            threads = [
                threading.Thread(target=submit, args=(i,)) for i in range(THREADS)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            assert len(results) == THREADS
            receipts = [r for status, r in results if 200 <= status < 400]
            assert all(receipts), results
            assert len(receipts) == THREADS, results  # nobody was turned away
            assert len(set(receipts)) == len(receipts)
            stored = list(
                Objection.objects.filter(notice=page).values_list(
                    "receipt_no", flat=True
                )
            )
            assert sorted(stored) == sorted(receipts)
            numbers = sorted(int(r.split("-")[1]) for r in receipts)
            assert numbers == list(range(1, THREADS + 1))
        finally:
            _cleanup(page, county_existed, index_existed, policy_existed)
        # nothing committed is left behind for the other tests
        assert {m: m.objects.count() for m in models} == before


@pytest.mark.django_db
@pytest.mark.usefixtures("_private_root")
def test_failure_log_holds_no_personal_data(client, caplog):
    page = make_notice()

    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "notices_objection" in sql:
            raise OperationalError(f"boom {params}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        response = client.post(
            objection_url(page), objection_data(name="测试日志", phone="13800007777")
        )
    assert response.status_code == 503
    text = caplog.text
    assert "测试日志" not in text and "13800007777" not in text
