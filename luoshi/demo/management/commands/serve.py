"""`luoshi serve [--host H] [--port P] [--workers N]`: serve the site with gunicorn.

Static files are served by whitenoise from inside the application, so gunicorn alone is a complete
server; behind a reverse proxy, run `luoshi collectstatic` once per release and set
LUOSHI_COLLECTED_STATIC=true for compressed, cache-friendly static files (see the README). The database
is whatever DATABASE_URL says; run `luoshi migrate` first.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "luoshi.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
    ]


def exec_gunicorn(*, host: str, port: int, workers: int) -> None:
    """Replace this process with gunicorn, so Ctrl+C and service managers' signals reach the server."""
    # The workers read the same settings: pin the data directory, whatever the working directory becomes.
    os.environ["LUOSHI_DATA_DIR"] = str(settings.DATA_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    argv = gunicorn_argv(host=host, port=port, workers=workers)
    os.execv(argv[0], argv)


class Command(BaseCommand):
    help = "用 gunicorn 启动网站（静态文件由 whitenoise 提供）。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--workers", type=int, default=3, help="工作进程数（默认 3）")

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if workers < 1:
            raise CommandError("--workers 至少为 1。")
        if not 0 < port < 65536:
            raise CommandError("--port 应在 1–65535 之间。")
        exec_gunicorn(host=host, port=port, workers=workers)
