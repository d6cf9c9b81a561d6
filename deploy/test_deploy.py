"""The deployment files, run for real: Debian's nginx with deploy/nginx/luoshi.conf (ports, paths and the
certificate substituted) in front of gunicorn serving a fresh demo database, and a liaison logging in and
submitting a report through it over HTTPS; the systemd units checked by `systemd-analyze verify`.

Without nginx (a developer machine) the nginx test skips, saying so; CI installs it and sets
LUOSHI_REQUIRE_NGINX=true, so there a missing nginx fails instead (.ci/run)."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from served import DEPLOY, HOST, MB, NGINX, SITE, UNITS, VENV_BIN, need, serve_demo


def test_the_upload_limit_matches_the_settings():
    from django.conf import settings

    limit = re.search(r"client_max_body_size (\d+)m;", SITE.read_text())
    largest = max(settings.EVIDENCE_MAX_BYTES, settings.INTAKE_MAX_BYTES)
    assert limit, "client_max_body_size missing"
    # Room for the form around the largest file, and no more than 1 MB of it.
    assert largest < int(limit.group(1)) * MB <= largest + MB


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn on a fresh demo database (SQLite) behind nginx with the deploy site; yields the browser.
    One per module: loading the demo is the slow part."""
    with serve_demo(tmp_path_factory.mktemp("site"), need(NGINX, "nginx")) as browser:
        yield browser


def test_a_liaison_logs_in_and_submits_a_report_through_nginx(site):
    from luoshi.demo.data import PASSWORD

    _response, page = site.get("/login/")
    response, page = site.post("/login/", {"username": "jiangan", "password": PASSWORD}, "/login/")
    assert urllib.parse.urlparse(response.url).path != "/login/", "login refused"
    _response, page = site.get("/work/")
    assert "我的任务" in page
    ids = re.findall(r'href="/work/assignments/(\d+)/"', page)
    assert ids
    submitted = False
    for pk in dict.fromkeys(ids):
        path = f"/work/assignments/{pk}/"
        _response, page = site.get(path)
        if f"/work/assignments/{pk}/acknowledge/" in page:
            site.post(f"/work/assignments/{pk}/acknowledge/", {"responsible_person": "张明"}, path)
            _response, page = site.get(path)
        if f"/work/assignments/{pk}/report/" not in page:
            continue
        response, page = site.post(f"/work/assignments/{pk}/report/", {}, path)
        edit = urllib.parse.urlparse(response.url).path
        if not edit.endswith("/edit/"):
            continue
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        fields = {
            "narrative": "经由 nginx 报送：本月完成专题培训两场。",
            "percent": "40",
            "revision": revision,
        }
        response, page = site.post(edit, {**fields, "action": "submit"}, edit)
        assert not urllib.parse.urlparse(response.url).path.endswith("/edit/"), page[:2000]
        submitted = True
        break
    assert submitted, "no assignment of the demo liaison could be reported on"
    import sqlite3

    with sqlite3.connect(site.data / "luoshi.sqlite3") as db:
        texts = [r[0] for r in db.execute("select narrative from reports_report where status = 'submitted'")]
    assert "经由 nginx 报送：本月完成专题培训两场。" in texts


def test_nginx_serves_static_files_redirects_http_and_refuses_oversize_bodies(site):
    response, css = site.get("/static/luoshi/luoshi.css")
    assert response.status == 200 and response.headers["Server"].startswith("nginx") and "{" in css
    plain = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as moved:
        plain.open(urllib.request.Request(site.http_base + "/work/", headers={"Host": HOST}))
    assert moved.value.code == 301 and moved.value.headers["Location"] == f"https://{HOST}/work/"
    site.get("/login/")
    with pytest.raises(urllib.error.HTTPError) as refused:
        site.post("/login/", {"username": "x", "blob": "a" * (22 * MB)}, "/login/")
    assert refused.value.code == 413 and "上传的文件过大" in refused.value.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_systemd_units_verify(tmp_path):
    analyze = need(shutil.which("systemd-analyze"), "systemd-analyze")
    env_file = tmp_path / "luoshi.env"
    env_file.write_text((DEPLOY / "luoshi.env.example").read_text())
    units = []
    for unit in sorted(UNITS.iterdir()):
        text = unit.read_text()
        text = text.replace("/opt/luoshi/venv/bin/", f"{VENV_BIN}/").replace(
            "/etc/luoshi/luoshi.env", str(env_file)
        )
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    assert {Path(u).name for u in units} >= {
        "luoshi-web.service",
        "luoshi-refresh-lights.service",
        "luoshi-refresh-lights.timer",
        "luoshi-backup.service",
        "luoshi-backup.timer",
        "luoshi-supervise.service",
        "luoshi-supervise.timer",
    }
    done = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=120)
    problems = [line for line in (done.stdout + done.stderr).splitlines() if "luoshi" in line]
    assert done.returncode == 0 and not problems, done.stdout + done.stderr
