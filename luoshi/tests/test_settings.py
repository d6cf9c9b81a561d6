"""Settings come from the environment through small helpers that fail loudly on bad values.

The module-level reading is checked in a fresh interpreter per case, so each sees only its own environment."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from luoshi.settings import envbool, envint, envsecret

PROBE = (
    "import json, luoshi.settings as s; "
    "print(json.dumps({'db': s.DATABASES['default'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'data': str(s.DATA_DIR), 'key': s.SECRET_KEY}, default=str))"
)


def _settings(tmp_path, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "DATABASE_URL",
            "DEBUG",
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "ALLOWED_HOSTS",
            "DB_CONN_MAX_AGE",
            "DB_TRANSACTION_POOLING",
        )
    }
    clean.update({"LUOSHI_DATA_DIR": str(tmp_path), "SECRET_KEY": "k", **env})
    return subprocess.run(
        [sys.executable, "-c", PROBE], check=False, env=clean, capture_output=True, text=True, cwd=tmp_path
    )


def _read(tmp_path, **env) -> dict:
    result = _settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("ON", True), ("false", False), ("0", False), ("no", False), ("", True)],
)
def test_envbool_reads_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("LUOSHI_FLAG", value)
    assert envbool("LUOSHI_FLAG", True) is expected


def test_envbool_fails_loudly_on_anything_else(monkeypatch):
    monkeypatch.setenv("LUOSHI_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="LUOSHI_FLAG"):
        envbool("LUOSHI_FLAG", False)


def test_envint_fails_loudly_on_a_non_number(monkeypatch):
    monkeypatch.setenv("LUOSHI_NUMBER", "20MB")
    with pytest.raises(ImproperlyConfigured, match="LUOSHI_NUMBER"):
        envint("LUOSHI_NUMBER", 1)
    monkeypatch.setenv("LUOSHI_NUMBER", "42")
    assert envint("LUOSHI_NUMBER", 1) == 42


def test_envsecret_prefers_the_file_variant(monkeypatch, tmp_path):
    (tmp_path / "key").write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("LUOSHI_SECRET", "from-env")
    monkeypatch.setenv("LUOSHI_SECRET_FILE", str(tmp_path / "key"))
    assert envsecret("LUOSHI_SECRET", None) == "from-file"
    monkeypatch.delenv("LUOSHI_SECRET_FILE")
    assert envsecret("LUOSHI_SECRET", None) == "from-env"


def test_the_default_database_is_sqlite_in_the_data_dir(tmp_path):
    s = _read(tmp_path)
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"] == str(tmp_path / "luoshi.sqlite3")
    assert s["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert (s["debug"], s["tz"], s["lang"]) == (False, "Asia/Shanghai", "zh-hans")


def test_database_url_switches_to_postgresql(tmp_path):
    s = _read(tmp_path, DATABASE_URL="postgres://luoshi:pw@db.internal:5433/luoshi_prod")
    db = s["db"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "luoshi_prod",
        "luoshi",
        "pw",
        "db.internal",
        5433,
    )
    assert "transaction_mode" not in db.get("OPTIONS", {})


def test_allowed_hosts_are_a_comma_separated_list(tmp_path):
    assert _read(tmp_path, ALLOWED_HOSTS="luoshi.example, 10.0.0.5")["hosts"] == [
        "luoshi.example",
        "10.0.0.5",
    ]


def test_the_secret_key_can_come_from_a_file(tmp_path):
    (tmp_path / "key").write_text("file-secret\n", encoding="utf-8")
    assert _read(tmp_path, SECRET_KEY_FILE=str(tmp_path / "key"))["key"] == "file-secret"


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = _settings(tmp_path, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_bad_debug_value_stops_the_start(tmp_path):
    result = _settings(tmp_path, DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_postgresql_keeps_connections_with_health_checks_by_default(tmp_path):
    db = _read(tmp_path, DATABASE_URL="postgres://luoshi@db/luoshi")["db"]
    assert (db["CONN_MAX_AGE"], db["CONN_HEALTH_CHECKS"]) == (60, True)
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_sqlite_opens_a_connection_per_request_by_default(tmp_path):
    assert _read(tmp_path)["db"]["CONN_MAX_AGE"] == 0


def test_db_conn_max_age_still_overrides_the_default(tmp_path):
    url = "postgres://luoshi@db/luoshi"
    assert _read(tmp_path, DATABASE_URL=url, DB_CONN_MAX_AGE="0")["db"]["CONN_MAX_AGE"] == 0
    assert _read(tmp_path, DATABASE_URL=url, DB_CONN_MAX_AGE="300")["db"]["CONN_MAX_AGE"] == 300
    assert _read(tmp_path, DB_CONN_MAX_AGE="30")["db"]["CONN_MAX_AGE"] == 30


def test_transaction_pooling_turns_off_server_side_cursors(tmp_path):
    db = _read(
        tmp_path, DATABASE_URL="postgres://luoshi@pgbouncer:6432/luoshi", DB_TRANSACTION_POOLING="true"
    )["db"]
    assert db["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_a_bad_connection_setting_stops_the_start(tmp_path):
    for env in (
        {"DB_CONN_MAX_AGE": "1min"},
        {"DB_TRANSACTION_POOLING": "perhaps"},
        {"DB_CONN_MAX_AGE": "-5"},
    ):
        result = _settings(tmp_path, DATABASE_URL="postgres://luoshi@db/luoshi", **env)
        assert result.returncode != 0
        assert next(iter(env)) in result.stderr


def test_large_uploads_spool_into_the_data_dir(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import luoshi.settings as s; print(s.FILE_UPLOAD_TEMP_DIR)"],
        check=True,
        env={**os.environ, "LUOSHI_DATA_DIR": str(tmp_path), "SECRET_KEY": "k"},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == str(tmp_path / "upload-tmp")
