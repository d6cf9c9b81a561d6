"""The demo served for real, shared by the tests in deploy/: gunicorn on a fresh demo database (SQLite), behind
Debian's nginx with deploy/nginx/luoshi.conf (ports, paths and a self-signed certificate substituted) when
nginx is wanted, and a small cookie-keeping client that posts forms the way a browser does."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
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
from collections.abc import Iterator
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent
SITE = DEPLOY / "nginx" / "luoshi.conf"
UNITS = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
HOST = "luoshi.example.gov.cn"
MB = 1024 * 1024
REQUIRE_NGINX = "LUOSHI_REQUIRE_NGINX"


def need(tool: str | None, name: str, flag: str = REQUIRE_NGINX) -> str:
    if tool:
        return tool
    if os.environ.get(flag, "").lower() == "true":
        pytest.fail(f"{name} is required here ({flag}=true) but was not found")
    pytest.skip(f"{name} not installed (CI installs it: .ci/run)")


def nginx_wanted() -> str | None:
    """nginx when it is installed; None on a developer machine without it (CI requires it)."""
    return NGINX or (need(None, "nginx") if os.environ.get(REQUIRE_NGINX, "").lower() == "true" else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_for(tmp: Path, app_port: int, http_port: int, https_port: int) -> str:
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


def nginx_conf(tmp: Path, site: Path) -> Path:
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


def run(argv, env, **kwargs):
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, **kwargs)
    assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
    return done


class Browser:
    """Just enough of a browser: cookies, the CSRF token, forms posted with the page as Referer. Without
    nginx in front it talks to gunicorn directly and says it came over HTTPS, as nginx does."""

    def __init__(self, base: str, proxied: bool = True):
        self.base = base
        self.headers = {"Host": HOST} if proxied else {"Host": HOST, "X-Forwarded-Proto": "https"}
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(self.jar)
        )
        self.http_base = self.data = self.env = None
        self.last_path = ""

    def fresh(self) -> Browser:
        """Another browser (no cookies) on the same server."""
        other = Browser(self.base, proxied="X-Forwarded-Proto" not in self.headers)
        other.http_base, other.data, other.env = self.http_base, self.data, self.env
        return other

    def get(self, path: str):
        response = self.opener.open(urllib.request.Request(self.base + path, headers=self.headers))
        return response, response.read().decode()

    def token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post(self, path: str, fields: dict, referer: str):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token(), **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={**self.headers, "Referer": f"https://{HOST}{referer}"}
        )
        response = self.opener.open(request)
        return response, response.read().decode()

    def send(self, path: str, fields: dict | None = None, headers: dict | None = None):
        """GET (no fields) or POST `fields` as they are: (status, headers, body), errors included."""
        data = None if fields is None else urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={**self.headers, **(headers or {})}
        )
        try:
            response = self.opener.open(request)
        except urllib.error.HTTPError as refused:
            self.last_path = urllib.parse.urlparse(refused.url).path
            return refused.code, refused.headers, refused.read().decode(errors="replace")
        self.last_path = urllib.parse.urlparse(response.url).path  # after the redirects
        return response.status, response.headers, response.read().decode(errors="replace")


@contextlib.contextmanager
def serve_demo(tmp_path: Path, nginx: str | None, **settings: str) -> Iterator[Browser]:
    """gunicorn (2 workers) on a fresh demo database, behind nginx with the deploy site when `nginx` is
    given; LUOSHI_HTTPS is on. `settings` are more environment variables for the server."""
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
        **settings,
    )
    luoshi = str(VENV_BIN / "luoshi")
    run([luoshi, "demo", "--no-serve"], env)
    run([luoshi, "collectstatic", "--noinput", "-v", "0"], env)
    app_port = free_port()
    processes = []
    if nginx:
        openssl = need(shutil.which("openssl"), "openssl")
        run(
            [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
             "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
            env,
        )  # fmt: skip
        http_port, https_port = free_port(), free_port()
        site_conf = tmp_path / "luoshi.conf"
        site_conf.write_text(site_for(tmp_path, app_port, http_port, https_port))
        conf = nginx_conf(tmp_path, site_conf)
        run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], env)
    gunicorn = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "luoshi.wsgi:application", "--bind", f"127.0.0.1:{app_port}",
         "--workers", "2", "--timeout", "60"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "gunicorn.log", "w"),
    )  # fmt: skip
    processes.append(gunicorn)
    if nginx:
        processes.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(tmp_path)],
                env=env,
                stderr=open(tmp_path / "nginx.out", "w"),
            )
        )
    try:
        for _ in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", app_port)) == 0:
                    break
            time.sleep(0.2)
        if nginx:
            browser = Browser(f"https://127.0.0.1:{https_port}")
            browser.http_base = f"http://127.0.0.1:{http_port}"
        else:
            browser = Browser(f"http://127.0.0.1:{app_port}", proxied=False)
        browser.data, browser.env = tmp_path / "data", env
        yield browser
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
