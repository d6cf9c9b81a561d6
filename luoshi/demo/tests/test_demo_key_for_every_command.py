"""After `luoshi demo`, every other `luoshi` command on the demo's data directory uses the demo's key;
with no key anywhere, DEBUG off still refuses to start."""

import os
import subprocess
import sys

PRINT_KEY = ["shell", "--no-imports", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]


def _luoshi(tmp_path, *argv, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE", "DEBUG")}
    clean.update({"LUOSHI_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli", *argv],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def _demo_key(tmp_path) -> str:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("the-demo-key\n", encoding="utf-8")
    return "the-demo-key"


def test_a_command_on_the_demo_data_dir_uses_the_demos_key(tmp_path):
    key = _demo_key(tmp_path)
    result = _luoshi(tmp_path, *PRINT_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_a_key_that_is_set_wins_over_the_demo_key(tmp_path):
    _demo_key(tmp_path)
    assert _luoshi(tmp_path, *PRINT_KEY, SECRET_KEY="set-by-operator").stdout.strip() == "set-by-operator"


def test_without_any_key_it_still_refuses_to_start(tmp_path):
    result = _luoshi(tmp_path, *PRINT_KEY)
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr
    assert not (tmp_path / "data" / "secret_key").exists()  # only `luoshi demo` makes one
