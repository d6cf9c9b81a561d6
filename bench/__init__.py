"""Benchmark of the spine at province scale: `bench.generate` fills a database, `bench.bench_spine` times
the leader dashboard and a liaison's task list against hand-written SQL. See bench/README.md."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def database_for(scale: float) -> str:
    """Where the dataset of `scale` lives: a SQLite file under bench/data/, or, when DATABASE_URL is set,
    that PostgreSQL database for scale 1 and `<name>_s<scale>` for other scales."""
    url = os.environ.get("BENCH_BASE_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{BENCH_DIR / 'data' / f'scale-{scale_tag(scale)}' / 'luoshi.sqlite3'}"
    if scale == 1:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_s{scale_tag(scale)}"))


def _create_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(scale: float, fresh: bool = False) -> str:
    """Point Django at the dataset of `scale` and set it up; `fresh` starts an empty SQLite file or
    creates a missing PostgreSQL database. Returns where the data is."""
    base = os.environ.get("BENCH_BASE_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if base:
        os.environ["BENCH_BASE_DATABASE_URL"] = base
    url = database_for(scale)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["LUOSHI_DATA_DIR"] = str(path.parent)
    elif fresh:
        _create_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    import django

    django.setup()
    return url


def measure_in_process(module: str, scale: float, repeat: int) -> dict:
    """Run `python -m <module> --one <scale> --repeat <n>` in a process of its own (its own database, a
    clean tracemalloc) and read the JSON figures it prints last."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", module, "--one", str(scale), "--repeat", str(repeat)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(BENCH_DIR.parent)},
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
