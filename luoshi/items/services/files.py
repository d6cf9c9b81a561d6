"""Files of the 督办 loop, checked and stored like report evidence: the same type and size check
(`reports.evidence_types`), stored under their hash, removed again when the act does not commit
(`reports.evidence_files.atomic`, which the caller opens)."""

from __future__ import annotations

import hashlib
import os

from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.reports import evidence_files
from luoshi.reports.evidence_types import check_evidence_file

from ..models import ItemFile
from .common import user_of


def check_files(uploads) -> None:
    """Refuse the whole act when any file is refused, naming each (before anything is written)."""
    refused = [reason for reason in (check_evidence_file(u) for u in uploads) if reason]
    if refused:
        raise ServiceError("；".join(refused) + "。", code="bad_file")


def attach(actor: Actor, upload, purpose: str, **owner) -> ItemFile:
    """Store one checked upload for `owner` (close_out=, milestone= or item=). Call inside
    `evidence_files.atomic()` after `check_files`."""
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    name = os.path.basename((getattr(upload, "name", "") or "").replace("\\", "/")).strip() or "未命名文件"
    row = ItemFile(
        purpose=purpose,
        original_name=name[-255:],
        size=size,
        sha256=digest.hexdigest(),
        content_type=(getattr(upload, "content_type", "") or "")[:100],
        uploaded_by=user_of(actor),
        **owner,
    )
    evidence_files.store(row, name, upload)
    row.save()
    return row
