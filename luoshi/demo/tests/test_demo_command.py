"""`luoshi demo` never touches a database other than its own, and `luoshi serve` runs gunicorn."""

import os
import sqlite3
import stat

import pytest
from django.core.management.base import CommandError

from luoshi.demo.management.commands.demo import Command
from luoshi.demo.management.commands.serve import gunicorn_argv
from luoshi.demo.secret import ensure_secret_key


def _database(path, demo_flags):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE plans_plan (id integer primary key, is_demo bool)")
    conn.executemany("INSERT INTO plans_plan (is_demo) VALUES (?)", [(flag,) for flag in demo_flags])
    conn.commit()
    conn.close()
    return path


def test_it_refuses_a_database_holding_real_plans(tmp_path):
    path = _database(tmp_path / "luoshi.sqlite3", [True, False])
    with pytest.raises(CommandError, match="非演示"):
        Command().check_safe_to_reset(path)


def test_it_replaces_a_database_holding_only_demo_data(tmp_path):
    Command().check_safe_to_reset(_database(tmp_path / "luoshi.sqlite3", [True]))
    Command().check_safe_to_reset(tmp_path / "missing.sqlite3")
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    Command().check_safe_to_reset(tmp_path / "empty.sqlite3")


def test_it_refuses_a_database_url_that_is_not_sqlite(tmp_path):
    with pytest.raises(CommandError, match="DATABASE_URL"):
        Command().database_path({"ENGINE": "django.db.backends.postgresql", "NAME": "luoshi"})
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "luoshi.sqlite3")}
    assert Command().database_path(sqlite) == tmp_path / "luoshi.sqlite3"


def test_it_makes_a_private_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("LUOSHI_DATA_DIR", str(tmp_path))
    path = ensure_secret_key()
    assert path == tmp_path / "secret_key"
    assert os.environ["SECRET_KEY_FILE"] == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = path.read_text()
    monkeypatch.delenv("SECRET_KEY_FILE")
    ensure_secret_key()
    assert path.read_text() == key and len(key.strip()) >= 50


def test_it_leaves_a_key_from_the_environment_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    monkeypatch.setenv("LUOSHI_DATA_DIR", str(tmp_path))
    assert ensure_secret_key() is None
    assert not (tmp_path / "secret_key").exists()


def test_serve_binds_gunicorn_to_the_given_address():
    argv = gunicorn_argv(host="0.0.0.0", port=8123, workers=4)
    assert argv[1:4] == ["-m", "gunicorn", "luoshi.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8123"
    assert argv[argv.index("--workers") + 1] == "4"
