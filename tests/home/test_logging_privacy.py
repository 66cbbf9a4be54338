"""Nothing secret or personal is ever logged, by any logger, at any level.

A whole objection journey runs over HTTP, as a browser would (CSRF enforced):
the public form with an email address (once wrong, once right), the receipt and
its mail, the status lookup with the code (and once with a wrong code), the
handler's sign-in, list, detail, attachment and reply, and the lookup of the
reply. Meanwhile every logger is at DEBUG and every record is kept; none may hold
the phone number, the email address, the query code, the name, the address or
the handler's password — in its message, its arguments, its traceback or its
extra fields. Production mail goes over SMTP, never to the console.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories_objections import (
    _private_root,  # noqa: F401
    make_handler,
    make_notice,
    objection_url,
    pdf_file,
)
from tests.home.test_production_settings import SMTP, production_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_private_root")]

LOOKUP = "/notices/objections/lookup/"
NAME = "隐私探针甲"
PHONE = "13987654321"
EMAIL = "privacy-probe@example.com"
ADDRESS = "探针路7号"
HANDLER_PASSWORD = "pw-handler-1"  # the password make_handler gives
WRONG_CODE = "WRONG-code-Zx81Qv"


class KeepEverything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.formatter = logging.Formatter(
            "%(name)s %(levelname)s %(message)s", "%Y-%m-%d"
        )

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> list[str]:
        """Each record as a log file would show it, and everything it carries."""
        return [
            self.format(record) + "\n" + repr(vars(record)) for record in self.records
        ]


@pytest.fixture
def every_log_record():
    """Every logger at DEBUG, none disabled, all records kept (restored after)."""
    keep = KeepEverything()
    root = logging.getLogger()
    loggers = [root] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    saved = [(lg, lg.level, lg.disabled, lg.propagate) for lg in loggers]
    disabled_level = logging.root.manager.disable
    logging.disable(logging.NOTSET)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if not logger.propagate:
            logger.addHandler(keep)
    root.addHandler(keep)
    try:
        yield keep
    finally:
        for logger, level, disabled, _propagate in saved:
            logger.removeHandler(keep)
            logger.setLevel(level)
            logger.disabled = disabled
        logging.disable(disabled_level)


def form_field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, name
    return match.group(1)


def test_an_objection_journey_logs_nothing_personal(
    clock, every_log_record, django_capture_on_commit_callbacks
):
    notice = make_notice()
    url = objection_url(notice)
    citizen = Client(enforce_csrf_checks=True)

    # The public form, filled in with an email address; first with a mistake.
    html = citizen.get(url).content.decode()
    clock.shift(30)  # a person takes longer than the minimum fill time
    data = {
        "csrfmiddlewaretoken": form_field(html, "csrfmiddlewaretoken"),
        "form_token": form_field(html, "form_token"),
        "kind": "individual",
        "name": NAME,
        "organisation": "",
        "phone": PHONE,
        "email": EMAIL,
        "address": ADDRESS,
        "candidate": str(notice.candidates.first().pk),
        "content": "该候选园区的入驻机构与申报材料不符，请核查。",
        "website": "",
        "attachments": pdf_file(),
    }
    refused = citizen.post(url, data)  # no consent given
    assert refused.status_code == 400
    assert PHONE in refused.content.decode()  # what was typed is kept
    data["attachments"] = pdf_file()
    with django_capture_on_commit_callbacks(execute=True):
        filed = citizen.post(url, {**data, "consent": "on"})
    assert filed.status_code == 303

    # The receipt (shown once) and its mail.
    receipt = citizen.get(filed["Location"]).content.decode()
    receipt_no = re.search(r'class="receipt-no">([^<]+)<', receipt).group(1)
    code = re.search(r'class="query-code">([^<]+)<', receipt).group(1)
    assert len(code) >= 16
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert code in mail.outbox[0].body

    # Status lookups: a wrong code, then the right one.
    html = citizen.get(LOOKUP).content.decode()
    token = form_field(html, "csrfmiddlewaretoken")
    wrong = citizen.post(
        LOOKUP,
        {"csrfmiddlewaretoken": token, "receipt": receipt_no, "code": WRONG_CODE},
    )
    assert wrong.status_code in (200, 400, 404)
    found = citizen.post(
        LOOKUP, {"csrfmiddlewaretoken": token, "receipt": receipt_no, "code": code}
    )
    assert "已受理" in found.content.decode()

    # The handler signs in, reads, downloads and replies.
    handler_user = make_handler()
    handler = Client(enforce_csrf_checks=True)
    login_page = handler.get("/admin/login/").content.decode()
    signed_in = handler.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": form_field(login_page, "csrfmiddlewaretoken"),
            "username": handler_user.username,
            "password": HANDLER_PASSWORD,
        },
    )
    assert signed_in.status_code == 302
    csrf = {"HTTP_X_CSRFTOKEN": handler.cookies["csrftoken"].value}
    listing = handler.get(reverse("objections_admin:list")).content.decode()
    assert receipt_no in listing
    objection = notice.objections.get()
    detail_url = reverse("objections_admin:detail", args=[objection.pk])
    detail = handler.get(detail_url).content.decode()
    assert PHONE in detail and EMAIL in detail
    attachment = objection.attachments.get()
    download = handler.get(
        reverse("objections_admin:attachment", args=[objection.pk, attachment.pk])
    )
    assert download.status_code == 200
    moves = [
        {"status": "replied", "finding": "", "reply": ""},  # refused: not yet checked
        {"status": "checking", "finding": "", "reply": ""},
        {"status": "replied", "finding": "not_sustained", "reply": "经核查不属实。"},
    ]
    codes = [handler.post(detail_url, move, **csrf).status_code for move in moves]
    assert codes == [400, 302, 302]

    # The objector reads the reply.
    replied = citizen.post(
        LOOKUP, {"csrfmiddlewaretoken": token, "receipt": receipt_no, "code": code}
    ).content.decode()
    assert "经核查不属实。" in replied

    texts = every_log_record.texts()
    assert texts, "the capture saw nothing: is logging switched off?"
    for secret in (PHONE, EMAIL, code, NAME, ADDRESS, HANDLER_PASSWORD, WRONG_CODE):
        leaks = [text for text in texts if secret in text]
        assert not leaks, (secret, leaks[:3])


def test_the_capture_would_see_a_leak(every_log_record):
    """The check above is not blind: a DEBUG record of any logger is caught."""
    logging.getLogger("notices.somewhere.new").debug("sent to %s", EMAIL)
    assert any(EMAIL in text for text in every_log_record.texts())


def test_production_never_prints_mail_to_the_console():
    # The console backend writes every message — addresses and query codes
    # included — to the process output, i.e. to the log.
    assert production_settings()["EMAIL_BACKEND"] == SMTP
    assert (
        production_settings(
            EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
        )["EMAIL_BACKEND"]
        == SMTP
    )
