"""Admin sign-in lockout and password-reset throttle.

Failed sign-ins are counted in the shared cache (so every app server sees them)
along three lines, each with its own allowance:

* one account from one address (``LOGIN_MAX_FAILURES``, 5): the usual lock. It
  holds only that pair, so nobody can lock ``admin`` out from elsewhere;
* one address, whatever the accounts (``LOGIN_MAX_FAILURES_PER_ADDRESS``, 20,
  larger because one address may serve a whole office behind NAT): stops an
  address from trying name after name;
* one account from every address (``LOGIN_MAX_FAILURES_PER_ACCOUNT``, 100 as
  NIST SP 800-63B allows; ``None`` switches it off): reached only by guessing
  spread over many addresses, since each address gives at most 5 per account.

A lock lasts ``LOGIN_LOCK_SECONDS`` from the failure that filled the allowance;
while it holds even the right password is refused, and an attempt refused by a
lock counts nowhere (it tested no password). Every attempt takes its place in
the counters with one atomic cache operation *before* its password is checked,
so a burst of simultaneous attempts cannot test more passwords than allowed; a
successful sign-in gives its place back and clears that account's failures.

The admin's password reset is throttled per address and per e-mail address
asked for (``PASSWORD_RESET_LIMIT_ADDRESS``, ``PASSWORD_RESET_LIMIT_TARGET``),
counted whether or not an account has that address, so the answer never tells.

The client address is the one the objection limits use (``OBJECTION_CLIENT_IP_HEADER``
behind a proxy); an IPv6 client counts by its /64 network, which one subscriber
usually holds whole. Cache keys hold keyed hashes, never a name or an address.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views import account

from notices.services import limits as counters

LOCKED_MESSAGE = _(
    "Too many failed sign-in attempts. Please try again in %(minutes)d minutes."
)
RESET_THROTTLED_MESSAGE = _(
    "Too many password reset requests. No email was sent; please try again in "
    "%(minutes)d minutes."
)


def _setting(name: str, default):
    return getattr(settings, name, default)


def _lock_seconds() -> int:
    return int(_setting("LOGIN_LOCK_SECONDS", 15 * 60))


def _digest(*parts: str) -> str:
    value = "\0".join(parts)
    return salted_hmac("home.security", value).hexdigest()[:32]


def client_address(request) -> str:
    """The client's address as counted: IPv6 by its /64 network."""
    ip = counters.client_ip(request) if request is not None else ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Lock:
    """Sign-in (or password reset) refused for ``retry_after`` more seconds."""

    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


@dataclass(frozen=True)
class _Counter:
    name: str  # "pair", "address", "account"
    key: str
    limit: int

    @property
    def lock_key(self) -> str:
        return self.key.replace("login-fail:", "login-lock:", 1)


def _counters(username: str, request) -> list[_Counter]:
    """The counters one sign-in attempt for ``username`` from ``request`` takes."""
    user = username.lower()
    address = client_address(request)
    found = [
        _Counter(
            "pair",
            f"login-fail:pair:{_digest(user, address)}",
            int(_setting("LOGIN_MAX_FAILURES", 5)),
        )
    ]
    if address:
        found.append(
            _Counter(
                "address",
                f"login-fail:address:{_digest(address)}",
                int(_setting("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)),
            )
        )
    per_account = _setting("LOGIN_MAX_FAILURES_PER_ACCOUNT", 100)
    if per_account:
        found.append(
            _Counter("account", f"login-fail:account:{_digest(user)}", int(per_account))
        )
    return found


def lock_for(username: str, request) -> Lock | None:
    """The lock that holds sign-ins for ``username`` from this client, if any."""
    keys = [c.lock_key for c in _counters(username, request)]
    now = time.time()
    until = max((float(v) for v in cache.get_many(keys).values()), default=0.0)
    if until > now:
        return Lock(math.ceil(until - now))
    return None


def _take(username: str, request) -> list[_Counter] | Lock:
    """Count this attempt in every counter at once, or refuse it when one is full."""
    taken: list[_Counter] = []
    for counter in _counters(username, request):
        if not counters.take(counter.key, counter.limit, _lock_seconds()):
            # Full because of attempts still under way: whichever of them
            # fails sets the lock; this one tests no password.
            for done in taken:
                counters.give_back(done.key)
            return Lock(_lock_seconds())
        taken.append(counter)
    return taken


def _failed(taken: list[_Counter]) -> None:
    until = time.time() + _lock_seconds()
    for counter in taken:
        if int(cache.get(counter.key) or 0) >= counter.limit:
            cache.set(counter.lock_key, until, _lock_seconds())


def _succeeded(taken: list[_Counter]) -> None:
    for counter in taken:
        if counter.name == "address":
            counters.give_back(counter.key)  # not a failure
        else:
            cache.delete(counter.key)  # the right password clears its account


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses sign-ins while the account or address is locked.

    A refused attempt raises PermissionDenied (Django then stops and reports a
    failed sign-in) and leaves the lock on ``request.login_lock`` for the form
    and the view to explain.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return super().authenticate(
                request, username=username, password=password, **kwargs
            )
        lock = lock_for(username, request)
        taken = _take(username, request) if lock is None else lock
        if isinstance(taken, Lock):
            if request is not None:
                request.login_lock = taken
            raise PermissionDenied("locked")
        user = super().authenticate(
            request, username=username, password=password, **kwargs
        )
        if user is None:
            _failed(taken)
        else:
            _succeeded(taken)
        return user


class LockoutLoginForm(LoginForm):
    """Wagtail's sign-in form that says when a lock, not the password, refused it."""

    def get_invalid_login_error(self):
        lock = getattr(self.request, "login_lock", None)
        if lock is not None:
            return ValidationError(
                LOCKED_MESSAGE, code="locked", params={"minutes": lock.minutes}
            )
        return super().get_invalid_login_error()


class LockoutLoginView(account.LoginView):
    """Wagtail's sign-in page, answering 429 with Retry-After while locked."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        lock = getattr(self.request, "login_lock", None)
        if lock is not None:
            response.status_code = 429
            response["Retry-After"] = str(lock.retry_after)
        return response


def take_password_reset(email: str, request) -> Lock | None:
    """Count one reset request from this client for ``email``; a Lock when too many.

    Counted whether or not an account has the address, so that the answer
    tells nothing about accounts. A refused request counts nowhere.
    """
    limits = (
        (
            f"reset:address:{_digest(client_address(request))}",
            _setting("PASSWORD_RESET_LIMIT_ADDRESS", (5, 60 * 60)),
        ),
        (
            f"reset:target:{_digest(email.strip().lower())}",
            _setting("PASSWORD_RESET_LIMIT_TARGET", (3, 60 * 60)),
        ),
    )
    taken: list[str] = []
    for key, (count, seconds) in limits:
        if not counters.take(key, count, seconds):
            for done in taken:
                counters.give_back(done)
            return Lock(seconds)
        taken.append(key)
    return None


class ThrottledPasswordResetView(account.PasswordResetView):
    """Wagtail's password reset, with at most so many requests per address and
    per e-mail address; past that a 429 page in Chinese, and no e-mail."""

    def form_valid(self, form):
        lock = take_password_reset(form.cleaned_data["email"], self.request)
        if lock is None:
            return super().form_valid(form)
        form.add_error(
            None,
            ValidationError(
                RESET_THROTTLED_MESSAGE,
                code="throttled",
                params={"minutes": lock.minutes},
            ),
        )
        response = self.form_invalid(form)
        response.status_code = 429
        response["Retry-After"] = str(lock.retry_after)
        return response
