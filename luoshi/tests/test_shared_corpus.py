"""Tests that read ../shared say so when it is absent, and CI (LUOSHI_REQUIRE_SHARED) refuses to skip them."""

import re
from pathlib import Path

import pytest

from luoshi.tests.shared import shared_path

PACKAGE = Path(__file__).resolve().parents[1]


def test_a_missing_corpus_file_skips_with_the_reason(monkeypatch, settings, tmp_path):
    monkeypatch.delenv("LUOSHI_REQUIRE_SHARED", raising=False)
    settings.SHARED_DIR = tmp_path
    with pytest.raises(pytest.skip.Exception, match=r"\.\./shared is missing: .*corpus/dev/x\.txt"):
        shared_path("corpus/dev/x.txt")


def test_ci_turns_the_skip_into_a_failure(monkeypatch, settings, tmp_path):
    monkeypatch.setenv("LUOSHI_REQUIRE_SHARED", "true")
    settings.SHARED_DIR = tmp_path
    with pytest.raises(pytest.fail.Exception, match=r"\.\./shared is missing"):
        shared_path("corpus/dev/x.txt")


def test_a_present_file_is_returned(settings, tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("甲", encoding="utf-8")
    settings.SHARED_DIR = tmp_path
    assert shared_path("corpus/a.txt").read_text(encoding="utf-8") == "甲"


def test_every_test_finds_the_corpus_through_the_one_helper():
    """A test building its own path to ../shared fails obscurely (FileNotFoundError) when it is absent."""
    own_paths = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("test_*.py")
        if re.search(r"""["'/]shared["'/]""", p.read_text(encoding="utf-8"))
    ]
    assert not own_paths
