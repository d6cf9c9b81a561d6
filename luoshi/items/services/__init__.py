"""Writes of the 督办 loop, one module per kind of act; each function is named for the act, checks the
access policy (`luoshi.org.access`), owns its transaction and writes its audit entry."""

from luoshi.lib.errors import ServiceError

from .closeouts import archive_item, reopen_task, request_close_out, verify_close_out
from .extensions import decide_extension, request_extension
from .items import approve_item, register_item, register_meeting_decisions, reject_item, resubmit_item
from .milestones import add_milestone, complete_milestone, task_light
from .presets import preset, schedule
from .proposals import answer_proposal, rate_proposal

__all__ = [
    "ServiceError",
    "add_milestone",
    "answer_proposal",
    "approve_item",
    "archive_item",
    "complete_milestone",
    "decide_extension",
    "preset",
    "rate_proposal",
    "register_item",
    "register_meeting_decisions",
    "reject_item",
    "reopen_task",
    "resubmit_item",
    "request_close_out",
    "request_extension",
    "schedule",
    "task_light",
    "verify_close_out",
]
