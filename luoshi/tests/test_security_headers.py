"""Every page of the permission matrix carries the security headers and needs no inline script or style,
so the Content-Security-Policy can forbid both; `luoshi check --deploy` is clean with LUOSHI_HTTPS on."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.urls import reverse

from .matrix import Cast
from .test_permission_matrix import CASES, URLS

PAGES = [c for c in CASES if c.method == "GET" and c.expect == "200"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.I)


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_page_headers_and_no_inline_code(case, db, client, request):
    cast = Cast(request.getfixturevalue)
    for name in ("own_report", "other_report", "supervisor", "other_supervisor", "leader", "sysadmin"):
        cast.fixture(name)
    kwargs, query, _ = URLS[case.name](cast, case.method, case.side)
    if case.role != "anonymous":
        client.force_login(cast.fixture(case.role))
    response = client.get(reverse(case.name, kwargs=kwargs) + (f"?{query}" if query else ""))
    assert response.status_code == 200, case.id

    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == "default-src 'self'"
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy.get(directive, policy["default-src"])
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    if case.role != "anonymous":
        assert "no-store" in response["Cache-Control"], case.id

    if response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), f"{case.id}: {INLINE_SCRIPT.search(page).group(0)}"
        assert not INLINE_STYLE.search(page), (
            f"{case.id}: {page[INLINE_STYLE.search(page).start() - 80 :][:160]}"
        )
        assert not INLINE_HANDLER.search(page), f"{case.id}: {INLINE_HANDLER.search(page).group(0)}"


def test_check_deploy_is_clean_with_https_on(tmp_path):
    env = {
        **os.environ,
        "LUOSHI_HTTPS": "true",
        "DEBUG": "false",
        "SECRET_KEY": "k" * 10 + "7Hq2-vXz9!Lm3#Rt8@Wp4$Yn6%Bc1^Fd5&Gs0*Je" + "u" * 20,
        "LUOSHI_DATA_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "luoshi.example.gov.cn",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; never in deployment
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "DJANGO_SETTINGS_MODULE": "luoshi.settings"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
