"""The security bar of issue 13, checked against the running demo over real HTTP: gunicorn serving a fresh
demo database with LUOSHI_HTTPS on, behind Debian's nginx with the deploy site when nginx is installed (CI
installs it and sets LUOSHI_REQUIRE_NGINX=true; a developer machine without it talks to gunicorn directly,
the way nginx does). The server comes from deploy/served.py, the same as test_deploy.py's.

It asserts the security headers, that a forged POST is refused at every POST endpoint of the permission
matrix without changing anything, the lockout after 5 failures for an account and for an address (also on
/admin/login/), and that the idle-timeout setting ends a session."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest
from served import HOST, VENV_BIN, nginx_wanted, run, serve_demo

IDLE_MINUTES = 1
LOCKED = "登录失败次数过多，该账号或来源地址已被锁定 30 分钟"
CSRF_REFUSED = "表单已失效，未能提交"
VERIFY = "/login/verify/"
# A demo account for each role of the permission matrix (the "other_" roles are the same kind of person).
DEMO_ACCOUNTS = {
    "liaison": "jiangan",
    "other_liaison": "jiangan",
    "supervisor": "duban",
    "other_supervisor": "duban",
    "leader": "lingdao",
    "sysadmin": "sysadmin",
}
PREFERENCE = ("liaison", "supervisor", "leader", "other_liaison", "other_supervisor", "sysadmin", "anonymous")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo served with a one-minute idle timeout; a session logged in first, left idle for the last test."""
    with serve_demo(
        tmp_path_factory.mktemp("bar"), nginx_wanted(), LUOSHI_SESSION_IDLE_MINUTES=str(IDLE_MINUTES)
    ) as browser:
        idle = browser.fresh()
        assert log_in(idle, "jiangan")
        browser.idle, browser.idle_since = idle, time.monotonic()
        yield browser


@pytest.fixture
def unlocked(demo):
    """Every test starts with no failed logins counted (`axes_reset`, the operator's command)."""
    run([str(VENV_BIN / "luoshi"), "axes_reset"], demo.env)
    return demo


def database(site) -> sqlite3.Connection:
    return sqlite3.connect(site.data / "luoshi.sqlite3")


def audit_count(site) -> int:
    with database(site) as db:
        return db.execute("select count(*) from audit_auditentry").fetchone()[0]


def log_in(browser, username: str, password: str | None = None, path: str = "/login/") -> bool:
    """The login form, as a person fills it (the second factor too, for an administrator); True when the
    browser ends up logged in."""
    from luoshi.demo.data import PASSWORD

    browser.send(path)
    fields = {"csrfmiddlewaretoken": browser.token(), "username": username, "password": password or PASSWORD}
    status, _headers, page = browser.send(path, fields, referer(path))
    browser.last_page = page
    if status == 200 and browser.last_path == VERIFY:
        status, _headers, page = browser.send(
            VERIFY,
            {"csrfmiddlewaretoken": browser.token(), "code": totp_code(browser, username)},
            referer(VERIFY),
        )
        browser.last_page = page
    return status == 200 and browser.last_path not in (path, VERIFY)


def referer(path: str) -> dict:
    return {"Referer": f"https://{HOST}{path}"}


def totp_code(browser, username: str) -> str:
    """What the administrator's authenticator app shows now (the demo printed its secret)."""
    from django_otp.oath import TOTP

    with database(browser) as db:
        (key,) = db.execute(
            "select d.key from otp_totp_totpdevice d join org_user u on u.id = d.user_id where u.username = ?",
            (username,),
        ).fetchone()
    return str(TOTP(bytes.fromhex(key), digits=6).token()).zfill(6)


# --- headers ---------------------------------------------------------------------------------------------------


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def assert_page_headers(headers, logged_in: bool) -> None:
    policy = _directives(headers["Content-Security-Policy"])
    assert policy["default-src"] == "default-src 'self'"
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy.get(directive, policy["default-src"])
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    hsts = headers["Strict-Transport-Security"]
    assert hsts and int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 365 * 24 * 3600
    if logged_in:
        assert "no-store" in headers["Cache-Control"]


def test_headers_on_the_login_page_logged_in_pages_and_downloads(unlocked):
    anonymous = unlocked.fresh()
    status, headers, page = anonymous.send("/login/")
    assert status == 200 and "登录" in page
    assert_page_headers(headers, logged_in=False)
    set_cookies = " ".join(headers.get_all("Set-Cookie") or [])
    assert "csrftoken" in set_cookies and "Secure" in set_cookies

    for username, path in (("jiangan", "/work/"), ("lingdao", "/"), ("duban", "/plans/")):
        browser = unlocked.fresh()
        assert log_in(browser, username), browser.last_page[:500]
        status, headers, page = browser.send(path)
        assert status == 200, (username, path, page[:300])
        assert_page_headers(headers, logged_in=True)
        session = [c for c in browser.jar if c.name == "sessionid"]
        assert session and session[0].secure

    supervisor = unlocked.fresh()
    assert log_in(supervisor, "duban")
    with database(unlocked) as db:
        (evidence,) = db.execute("select min(id) from reports_evidence").fetchone()
        (plan,) = db.execute("select min(id) from plans_plan").fetchone()
    for path in (f"/work/evidence/{evidence}/", f"/plans/{plan}/export/"):
        status, headers, body = supervisor.send(path)
        assert status == 200 and not headers["Content-Type"].startswith("text/html"), (path, status)
        assert "no-store" in headers["Cache-Control"], path
        assert headers["X-Content-Type-Options"] == "nosniff"


# --- CSRF ------------------------------------------------------------------------------------------------------


def _post_endpoints() -> dict[str, str]:
    """Each POST endpoint of the permission matrix, with a demo role the matrix lets through."""
    from luoshi.tests.test_permission_matrix import CASES

    chosen: dict[str, str] = {}
    # A logged-in role first: for most endpoints the anonymous "302" is only the way to the login page.
    for case in sorted(CASES, key=lambda c: PREFERENCE.index(c.role) if c.role in PREFERENCE else 99):
        if case.method == "POST" and case.expect[0] in "23" and case.role in PREFERENCE:
            chosen.setdefault(case.name, case.role)
    every = {c.name for c in CASES if c.method == "POST"}
    assert set(chosen) == every, f"no role lets these through: {sorted(every - set(chosen))}"
    return chosen


def _path(name: str) -> str:
    """The URL with every path argument set to 1: the CSRF check comes before the view looks anything up."""
    from django.urls import get_resolver, reverse

    resolver, short = get_resolver(), name
    for namespace in name.split(":")[:-1]:
        resolver = resolver.namespace_dict[namespace][1]
        short = short.split(":", 1)[1]
    (possibility, *_), *_ = resolver.reverse_dict.getlist(short)
    _format, params = possibility[0]
    return reverse(name, kwargs=dict.fromkeys(params, 1))


def test_forged_posts_are_refused_at_every_post_endpoint(unlocked):
    endpoints = _post_endpoints()
    assert len(endpoints) >= 30
    browsers: dict[str, object] = {}
    before = audit_count(unlocked)
    for name, role in sorted(endpoints.items()):
        if role not in browsers:
            browsers[role] = unlocked.fresh()
            if role != "anonymous":
                assert log_in(browsers[role], DEMO_ACCOUNTS[role]), (role, browsers[role].last_page[:300])
        browser = browsers[role]
        path = _path(name)
        before = audit_count(unlocked)
        # A page on another site posting into the logged-in browser: no token, the other site as Referer.
        status, _h, page = browser.send(path, {"title": "伪造"}, {"Referer": "https://evil.example.com/"})
        assert status == 403 and CSRF_REFUSED in page, (name, role, status, page[:300])
        # A stolen-looking token that is not this session's.
        status, _h, page = browser.send(
            path, {"csrfmiddlewaretoken": "x" * 64, "title": "伪造"}, referer(path)
        )
        assert status == 403 and CSRF_REFUSED in page, (name, role, status)
        assert audit_count(unlocked) == before, f"{name}: a refused post wrote to the audit trail"
    # The same browser with its own token is let through the CSRF check (the refusal above was CSRF's).
    status, _h, page = browsers["liaison"].send(
        "/password/", {"csrfmiddlewaretoken": browsers["liaison"].token()}, referer("/password/")
    )
    assert status == 200 and CSRF_REFUSED not in page


# --- lockout ---------------------------------------------------------------------------------------------------


def test_an_account_is_locked_after_five_failures(unlocked):
    browser = unlocked.fresh()
    for _ in range(5):
        assert not log_in(browser, "duban", "wrong-password-1")
    assert not log_in(browser, "duban")  # the 6th, with the right password
    assert LOCKED in browser.last_page
    browser.send("/plans/")
    assert browser.last_path == "/login/"  # still not logged in
    with database(unlocked) as db:
        actions = [r[0] for r in db.execute("select action from audit_auditentry order by seq")]
    assert "login_locked_out" in actions


def test_four_failures_do_not_lock(unlocked):
    browser = unlocked.fresh()
    for _ in range(4):
        assert not log_in(browser, "lingdao", "wrong-password-1")
    assert log_in(browser, "lingdao"), browser.last_page[:300]


def test_an_address_is_locked_after_five_failures_with_any_names(unlocked):
    browser = unlocked.fresh()
    for n in range(5):
        assert not log_in(browser, f"nobody{n}", "wrong-password-1")
    assert not log_in(browser, "lingdao")  # never failed itself: refused for the address
    assert LOCKED in browser.last_page


def test_the_admin_login_is_locked_the_same_way(unlocked):
    browser = unlocked.fresh()
    for _ in range(5):
        assert not log_in(browser, "sysadmin", "wrong-password-1", path="/admin/login/")
    assert not log_in(browser, "sysadmin", path="/admin/login/")
    assert LOCKED in browser.last_page


# --- sessions (last: the session logged in when the server started has been idle since) ----------------------


def test_the_idle_timeout_setting_ends_a_session(demo):
    wait = IDLE_MINUTES * 60 + 2 - (time.monotonic() - demo.idle_since)
    if wait > 0:
        time.sleep(wait)
    status, _h, page = demo.idle.send("/work/")
    assert status == 200 and demo.idle.last_path == "/login/"
    assert f"超过 {IDLE_MINUTES} 分钟没有操作，已自动退出" in page
