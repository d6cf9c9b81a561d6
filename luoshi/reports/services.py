"""Writes to progress reports: draft → submitted → returned (with reason) or accepted.

Each function owns its transaction and writes an audit entry. A submitted, returned or accepted version is
never edited; reworking a returned report starts a new version.
"""

from __future__ import annotations

from luoshi.audit.services import Actor
from luoshi.plans.services import ServiceError

from .models import Evidence, Report

__all__ = ["ServiceError", "current_period", "start_report", "save_draft", "add_evidence", "remove_evidence",
           "submit_report", "return_report", "accept_report"]


def current_period(plan, today=None) -> str:
    """The reporting period a report filed today belongs to: '2025-03' (monthly) or '2025-Q1'."""
    raise NotImplementedError


def start_report(actor: Actor, assignment, *, period: str | None = None) -> Report:
    """The draft for the assignment's period: the existing draft, a new version copied from a returned
    report, or a fresh draft. Refused when the period already has a submitted or accepted version."""
    raise NotImplementedError


def save_draft(actor: Actor, report: Report, *, revision: int, narrative: str, percent: int,
               values: dict | None = None) -> Report:
    """Save a draft's fields. `revision` is the one the editor loaded; a mismatch means someone else saved
    in between and raises ServiceError (nothing is overwritten). `values` maps Target id → actual value."""
    raise NotImplementedError


def add_evidence(actor: Actor, report: Report, uploaded_file) -> Evidence:
    """Attach a file to a draft. Size and type are checked by the form before this is called."""
    raise NotImplementedError


def remove_evidence(actor: Actor, evidence: Evidence) -> None:
    raise NotImplementedError


def submit_report(actor: Actor, report: Report, *, revision: int | None = None) -> Report:
    raise NotImplementedError


def return_report(actor: Actor, report: Report, *, reason: str) -> Report:
    """退回 with a reason (required)."""
    raise NotImplementedError


def accept_report(actor: Actor, report: Report) -> Report:
    """采纳: the assignment's progress becomes the report's; progress rolls up and lights refresh."""
    raise NotImplementedError
