"""Where tests find ../shared (the labelled corpus beside the repository, `settings.SHARED_DIR`), and what
they do when it is absent: skip, saying which file is missing — or fail, when LUOSHI_REQUIRE_SHARED is set
(.ci/run sets it, so a run without the corpus cannot pass by skipping what it was meant to test)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

MISSING = "../shared is missing"


def shared_path(relative: str) -> Path:
    """The file or directory `relative` under ../shared, or a skip (a failure under CI) saying it is absent."""
    path = Path(settings.SHARED_DIR) / relative
    if not path.exists():
        message = (
            f"{MISSING}: {path} not found "
            "(put the shared corpus beside the repository, or point LUOSHI_SHARED_DIR at it)"
        )
        if os.environ.get("LUOSHI_REQUIRE_SHARED"):
            pytest.fail(message)
        pytest.skip(message)
    return path
