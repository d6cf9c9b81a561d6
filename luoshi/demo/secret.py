"""A secret key for the demo, so that `luoshi demo` never asks anyone to set one.

Runs before Django's settings load (settings refuse to start without a key when DEBUG is off): when
neither SECRET_KEY nor SECRET_KEY_FILE is set, `luoshi demo` generates a random key once into the data
directory and SECRET_KEY_FILE points at it; every other `luoshi` command on that data directory uses the
key found there (`use_demo_key`) but never makes one. Production sets its own key; a data directory without
the demo's key file and no key set still refuses to start.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """The data directory as settings will see it (LUOSHI_DATA_DIR, default ./data)."""
    return Path(os.environ.get("LUOSHI_DATA_DIR") or Path.cwd() / "data").resolve()


def _key_is_set() -> bool:
    return bool(os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"))


def use_demo_key() -> Path | None:
    """Point SECRET_KEY_FILE at the demo's key when the data directory holds one and no key is set;
    returns its path, or None (a key is set, or there is no demo key: settings decide)."""
    path = data_dir() / "secret_key"
    if _key_is_set() or not path.is_file():
        return None
    os.environ["SECRET_KEY_FILE"] = str(path)
    return path


def ensure_secret_key() -> Path | None:
    """Point SECRET_KEY_FILE at the data directory's key, creating it on first use; returns its path,
    or None when the environment already provides a key."""
    if _key_is_set():
        return None
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by the owner only, in one step, so the key is never briefly world-readable.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(50) + "\n")
    os.environ["SECRET_KEY_FILE"] = str(path)
    return path


if __name__ == "__main__":
    # `python -m luoshi.demo.secret` prints the key file's path for the Makefile (nothing when the
    # environment sets SECRET_KEY itself, which an empty SECRET_KEY_FILE then leaves in charge).
    ensure_secret_key()
    print(os.environ.get("SECRET_KEY_FILE", ""))
