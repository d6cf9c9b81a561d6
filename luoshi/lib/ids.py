"""Integers and ids read from a request, in one place: a number the database cannot hold (SQLite and
PostgreSQL keep ids in 64 bits) is refused with a Chinese message, answered as 400 by
luoshi.core.security.BadNumberMiddleware, instead of overflowing inside a query."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import ServiceError

MAX_ID = 2**63 - 1


class BadNumber(ServiceError):
    def __init__(self, message: str):
        super().__init__(message, code="bad_number")


def parse_int(text, *, what: str = "数字", minimum: int = -MAX_ID, maximum: int = MAX_ID) -> int:
    """`text` as an integer within [minimum, maximum]; BadNumber naming `what` otherwise."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError):
        raise BadNumber(f"{what}应为整数，收到的是“{str(text)[:20]}”。") from None
    if not minimum <= value <= maximum:
        raise BadNumber(f"{what}超出范围（{minimum}～{maximum}），请检查链接或刷新页面后重试。")
    return value


def parse_id(text, *, what: str = "对象") -> int:
    """A database id: a whole number from 1 up to what a 64-bit column holds."""
    return parse_int(text, what=f"{what}编号", minimum=1, maximum=MAX_ID)


def parse_ids(values: Iterable[str], *, what: str = "对象") -> set[int]:
    """The ids among `values`, skipping blanks and non-numbers (unticked boxes); a number out of range is
    refused rather than skipped, since it is no slip of the hand."""
    return {parse_id(v, what=what) for v in values if v and str(v).strip().isdigit()}
