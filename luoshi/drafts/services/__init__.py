"""Writes to drafts: create one from pasted text or an upload, edit its tree, publish it as a Plan.

Parsing happens before any transaction (it can take a moment on a long document and touches nothing);
every write is one short transaction that locks the draft row, checks the revision the edit was made on,
changes the tree and writes an audit entry. A document the parser cannot read raises DraftError with a
Chinese message and creates nothing.
"""

from .common import STALE_MESSAGE, TIERS, StaleDraft
from .creating import create_draft_from_text, create_draft_from_upload, own_text
from .editing import (
    delete_node,
    indent_node,
    merge_with_next,
    move_node,
    outdent_node,
    rename_node,
    resolve_unknown_unit,
    set_deadline,
    set_tier,
    set_units,
    split_node,
    update_details,
)
from .publishing import discard_draft, publish_draft, publish_problems

__all__ = [
    "STALE_MESSAGE",
    "TIERS",
    "StaleDraft",
    "create_draft_from_text",
    "create_draft_from_upload",
    "delete_node",
    "discard_draft",
    "indent_node",
    "merge_with_next",
    "move_node",
    "outdent_node",
    "own_text",
    "publish_draft",
    "publish_problems",
    "rename_node",
    "resolve_unknown_unit",
    "set_deadline",
    "set_tier",
    "set_units",
    "split_node",
    "update_details",
]
