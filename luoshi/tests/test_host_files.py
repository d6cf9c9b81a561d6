"""Files on the host (等保 数据保密性): the data directory is 0700, the database and evidence files 0600."""

import os
import stat
import subprocess
import sys

from luoshi import settings as project_settings


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_fresh_data_directory_and_database_are_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    env = {**os.environ, "LUOSHI_DATA_DIR": str(data), "SECRET_KEY": "x" * 60}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "luoshi.cli", "migrate", "--noinput"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert _mode(data) == 0o700
    assert _mode(data / "luoshi.sqlite3") == 0o600


def test_uploaded_evidence_is_stored_private():
    assert project_settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert project_settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
