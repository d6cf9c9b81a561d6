"""What creating, editing and publishing a draft share."""

from __future__ import annotations

import logging
from datetime import date

from luoshi.audit.services import Actor

from ..errors import DraftError

log = logging.getLogger(__name__)


TIERS = {"routine": "例行", "key": "重点", "highlight": "亮点", "guidance": "工作要求"}


class StaleDraft(DraftError):
    """The draft changed since the page the edit came from was drawn."""


STALE_MESSAGE = "这份草稿刚被同事修改过，页面已刷新为最新内容，请核对后再操作一次。"


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _label(node: dict) -> str:
    return node.get("title", "")[:40]
