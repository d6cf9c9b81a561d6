"""Fixtures for the browser journeys: Playwright (sync API) driving Debian's chromium against pytest-django's
`live_server`.

The browser is Debian's /usr/bin/chromium (apt package `chromium`, with `fonts-noto-cjk` for the Chinese
text); Playwright's own browser download is never used. Screenshots go to $LUOSHI_SCREENSHOTS when set
(e.g. /work/notes/shots/journey), otherwise to a pytest temporary directory — never into the repository.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django refuses database access from a
# thread with a running loop unless told it is safe. The ORM calls here are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LUOSHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PASSWORD = "luoshi-test"


def pytest_collection_modifyitems(items):
    """Everything in this directory is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's outcome on the item, so `person` can photograph a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        # On CI a missing browser is a broken set-up, not a reason to pass quietly.
        missing = pytest.fail if os.environ.get("CI") else pytest.skip
        missing(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shots(request, tmp_path_factory) -> Path:
    """Where this test's screenshots go: one directory per test module."""
    base = os.environ.get("LUOSHI_SCREENSHOTS")
    root = Path(base) if base else tmp_path_factory.mktemp("shots")
    root.mkdir(parents=True, exist_ok=True)
    return root


class Person:
    """One person's browser window (their own context, so several people are signed in at once)."""

    def __init__(
        self,
        browser,
        live_server,
        shots: Path,
        username: str,
        viewport: dict,
        prefix: str,
        counter: list[int],
    ):
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.base = live_server.url
        self.shots = shots
        self.username = username
        self.prefix = prefix
        self.counter = counter  # shared by everyone in a test, so screenshots sort in the order taken

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def log_in(self) -> None:
        from playwright.sync_api import expect

        self.go("/login/")
        self.page.get_by_label("用户名").fill(self.username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        # Signed in: 退出 is on the page (on a phone it is folded behind 菜单).
        expect(self.page.locator("header form[action$='/logout/'] button")).to_be_attached()

    def shot(self, name: str) -> Path:
        """A full-page screenshot named `<prefix>-<step>-<username>-<name>.png`."""
        self.counter[0] += 1
        path = self.shots / f"{self.prefix}-{self.counter[0]:02d}-{self.username}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def message(self) -> str:
        """The text of the page's flash messages."""
        return " ".join(self.page.locator(".messages").all_inner_texts())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def person(request, browser, live_server, shots) -> Iterator:
    """`person("jiangan")` → a signed-in Person; closed after the test. Screenshots are prefixed with the
    test's name."""
    people: list[Person] = []
    counter = [0]
    prefix = request.node.name.removeprefix("test_")

    def make(username: str, *, viewport: dict = DESKTOP, log_in: bool = True) -> Person:
        p = Person(browser, live_server, shots, username, viewport, prefix, counter)
        if log_in:
            p.log_in()
        people.append(p)
        return p

    yield make
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for p in people:
        if failed:
            p.page.screenshot(path=str(p.shots / f"{p.prefix}-FAILED-{p.username}.png"), full_page=True)
        p.close()


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    """A small, valid PNG (a red and white stripe pattern), made without any imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + b"".join(b"\xc8\x10\x2e" if (x // 8) % 2 else b"\xff\xff\xff" for x in range(width))
        for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def no_horizontal_scroll(page) -> bool:
    """True when the page fits its viewport's width (tables may scroll inside their .table-wrap)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
