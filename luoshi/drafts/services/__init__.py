"""Writes to drafts: create one from pasted text or an upload, edit its tree, publish it as a Plan.

Parsing runs in a separate, limited process (drafts.parsing): a new draft is PARSING until it ends as
EDITING with its tree or FAILED with the reason. Every write is one short transaction that locks the draft row, checks the revision the edit was made on,
changes the tree and writes an audit entry. A document the parser cannot read raises DraftError with a
Chinese message and creates nothing.
"""

from .common import STALE_MESSAGE, TIERS, StaleDraft
from .creating import (
    begin_draft,
    create_draft_from_text,
    create_draft_from_upload,
    expire_stale_parses,
    own_text,
    run_parse,
    start_parse,
)
from .editing import (
    add_node,
    delete_node,
    indent_node,
    last_edit,
    merge_with_next,
    move_node,
    outdent_node,
    rename_node,
    resolve_unknown_unit,
    resolve_unknown_units,
    set_content,
    set_deadline,
    set_tier,
    set_units,
    split_node,
    undo_last_edit,
    update_details,
)
from .publishing import discard_draft, publish_draft, publish_problems

__all__ = [
    "add_node",
    "last_edit",
    "set_content",
    "undo_last_edit",
    "STALE_MESSAGE",
    "TIERS",
    "StaleDraft",
    "begin_draft",
    "create_draft_from_text",
    "create_draft_from_upload",
    "delete_node",
    "discard_draft",
    "expire_stale_parses",
    "indent_node",
    "merge_with_next",
    "move_node",
    "outdent_node",
    "own_text",
    "publish_draft",
    "publish_problems",
    "rename_node",
    "resolve_unknown_unit",
    "resolve_unknown_units",
    "run_parse",
    "set_deadline",
    "set_tier",
    "set_units",
    "split_node",
    "start_parse",
    "update_details",
]
