"""No English on any page a user sees (issue 11): every page of the permission matrix, as each role that may
open it, is read as the person reads it — its text and the attributes a browser shows (title, placeholder,
aria-label, alt, button values) — and any Latin word not on the short allow-list fails the page.

The allow-list holds what an office writes in Latin letters itself: file kinds and programs (Excel, Word,
PDF, .xlsx, WPS's .et), units of size, standard codes (GB/T), and data: the people's sign-in names, an
element marked `translate="no"` (a second-factor secret), and the two sides the permission matrix's
fixtures write into their titles (导入草稿own / 导入草稿other)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from luoshi.org.models import User

from .matrix import Cast
from .test_permission_matrix import CASES, URLS

PAGES = [c for c in CASES if c.method == "GET" and c.expect == "200"]

ALLOWED = {
    # programs and file kinds
    "excel", "word", "pdf", "wps", "ofd", "docx", "doc", "xlsx", "xls", "csv", "txt", "zip", "png", "jpg",
    "jpeg", "ppt", "pptx", "json", "echarts", "et",
    # units and standards
    "kb", "mb", "gb", "t", "totp",
}  # fmt: skip
HIDDEN = re.compile(
    r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->|<(\w+)\b[^>]*\stranslate=\"no\"[^>]*>.*?</\2\s*>",
    re.S | re.I,
)
FIXTURE_SIDES = {"own", "other"}
SHOWN_ATTRIBUTE = re.compile(
    r"""\s(?:title|placeholder|aria-label|alt|data-confirm|hx-confirm)\s*=\s*"([^"]*)\"""", re.I
)
BUTTON_VALUE = re.compile(r"""<input\b[^>]*type="(?:submit|button)"[^>]*\svalue="([^"]*)\"""", re.I)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[A-Za-z]{2,}")


def shown_text(page: str) -> str:
    """What a reader sees of an HTML page: its text and the attributes the browser shows."""
    page = HIDDEN.sub(" ", page)
    shown = SHOWN_ATTRIBUTE.findall(page) + BUTTON_VALUE.findall(page)
    return html.unescape(" ".join([TAG.sub(" ", page), *shown]))


def english_words(text: str, names: set[str]) -> list[str]:
    return sorted({w for w in WORD.findall(text) if w.lower() not in ALLOWED and w.lower() not in names})


def test_the_reading_finds_english_where_there_is_some():
    page = (
        '<p title="Delete">删除</p><script>var x = "hidden";</script><button>Save</button> 导出Excel'
        '<code translate="no">ABCD EFGH</code><input type="submit" value="Submit">'
    )
    assert english_words(shown_text(page), set()) == ["Delete", "Save", "Submit"]


@pytest.mark.parametrize("case", PAGES, ids=[c.id for c in PAGES])
def test_no_english_on_the_page(case, db, client, request):
    cast = Cast(request.getfixturevalue)
    for name in ("own_report", "other_report", "supervisor", "other_supervisor", "leader", "sysadmin"):
        cast.fixture(name)
    kwargs, query, _ = URLS[case.name](cast, case.method, case.side)
    if case.role != "anonymous":
        client.force_login(cast.fixture(case.role))
    response = client.get(reverse(case.name, kwargs=kwargs) + (f"?{query}" if query else ""))
    assert response.status_code == 200, case.id
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    names = {n.lower() for n in User.objects.values_list("username", flat=True)} | FIXTURE_SIDES
    words = english_words(shown_text(response.content.decode()), names)
    assert not words, f"{case.id}: {words}"
