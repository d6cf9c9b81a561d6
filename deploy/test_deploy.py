"""The deployment files, run for real: Debian's nginx with deploy/nginx/luoshi.conf (ports, paths and the
certificate substituted) in front of gunicorn serving a fresh demo database, and a liaison logging in and
submitting a report through it over HTTPS; the systemd units checked by `systemd-analyze verify`.

Without nginx (a developer machine) the nginx test skips, saying so; CI installs it and sets
LUOSHI_REQUIRE_NGINX=true, so there a missing nginx fails instead (.ci/run)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent
SITE = DEPLOY / "nginx" / "luoshi.conf"
UNITS = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
HOST = "luoshi.example.gov.cn"
MB = 1024 * 1024


def _need(tool: str | None, name: str, flag: str) -> str:
    if tool:
        return tool
    if os.environ.get(flag, "").lower() == "true":
        pytest.fail(f"{name} is required here ({flag}=true) but was not found")
    pytest.skip(f"{name} not installed (CI installs it: .ci/run)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_upload_limit_matches_the_settings():
    from django.conf import settings

    limit = re.search(r"client_max_body_size (\d+)m;", SITE.read_text())
    largest = max(settings.EVIDENCE_MAX_BYTES, settings.INTAKE_MAX_BYTES)
    assert limit, "client_max_body_size missing"
    # Room for the form around the largest file, and no more than 1 MB of it.
    assert largest < int(limit.group(1)) * MB <= largest + MB


def _site_for(tmp: Path, app_port: int, http_port: int, https_port: int) -> str:
    text = SITE.read_text()
    for production, here in (
        ("unix:/run/luoshi/gunicorn.sock", f"127.0.0.1:{app_port}"),
        ("/srv/luoshi/static/", f"{tmp / 'data' / 'static'}/"),
        ("/etc/luoshi/tls/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/luoshi/tls/privkey.pem", str(tmp / "key.pem")),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
    ):
        assert production in text, production
        text = text.replace(production, here)
    return text


def _nginx_conf(tmp: Path, site: Path) -> Path:
    conf = tmp / "nginx.conf"
    temp = tmp / "nginx-temp"
    temp.mkdir()
    # nginx started by root runs its workers as nobody, who cannot enter pytest's private temp directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf.write_text(
        f"""{user}daemon off;
pid {tmp / "nginx.pid"};
error_log {tmp / "nginx-error.log"} info;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {tmp / "nginx-access.log"};
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
    include {site};
}}
"""
    )
    return conf


def _run(argv, env, **kwargs):
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
    return done


class Browser:
    """Just enough of a browser: cookies, the CSRF token, forms posted with the page as Referer."""

    def __init__(self, base: str):
        self.base = base
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(self.jar)
        )

    def get(self, path: str):
        response = self.opener.open(urllib.request.Request(self.base + path, headers={"Host": HOST}))
        return response, response.read().decode()

    def post(self, path: str, fields: dict, referer: str):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Host": HOST, "Referer": f"https://{HOST}{referer}"}
        )
        response = self.opener.open(request)
        return response, response.read().decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn on a fresh demo database (SQLite) behind nginx with the deploy site; yields the browser.
    One per module: loading the demo is the slow part."""
    tmp_path = tmp_path_factory.mktemp("site")
    nginx = _need(NGINX, "nginx", "LUOSHI_REQUIRE_NGINX")
    openssl = _need(shutil.which("openssl"), "openssl", "LUOSHI_REQUIRE_NGINX")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        LUOSHI_DATA_DIR=str(tmp_path / "data"),
        SECRET_KEY="deploy-test-" + "x7Hq2vXz9Lm3Rt8Wp4Yn6Bc1Fd5Gs0Je" * 2,
        ALLOWED_HOSTS=HOST,
        LUOSHI_HTTPS="true",
        LUOSHI_COLLECTED_STATIC="true",
    )
    luoshi = str(VENV_BIN / "luoshi")
    _run([luoshi, "demo", "--no-serve"], env)
    _run([luoshi, "collectstatic", "--noinput", "-v", "0"], env)
    _run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        env,
    )  # fmt: skip
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    site_conf = tmp_path / "luoshi.conf"
    site_conf.write_text(_site_for(tmp_path, app_port, http_port, https_port))
    conf = _nginx_conf(tmp_path, site_conf)
    _run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], env)
    gunicorn = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "luoshi.wsgi:application", "--bind", f"127.0.0.1:{app_port}",
         "--workers", "2", "--timeout", "60"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "w"),
    )  # fmt: skip
    server = subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(tmp_path)], env=env, stderr=open(tmp_path / "nginx.out", "w")
    )
    try:
        for _ in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", app_port)) == 0:
                    break
            time.sleep(0.2)
        browser = Browser(f"https://127.0.0.1:{https_port}")
        browser.http_base = f"http://127.0.0.1:{http_port}"
        browser.data = tmp_path / "data"
        yield browser
    finally:
        for process in (server, gunicorn):
            process.send_signal(signal.SIGTERM)
        for process in (server, gunicorn):
            process.wait(timeout=30)


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
    analyze = _need(shutil.which("systemd-analyze"), "systemd-analyze", "LUOSHI_REQUIRE_NGINX")
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
