"""The supervisor's plan pages (build, assign, publish, override) and the leader's read-only view of them.

Every view follows one shape: role check, scoped getter (`visible_to` for reading, `editable_by` for
writing, so another unit's plan is a 404), form, one service call, render or redirect.
"""

from .assign import task_assign
from .cascade import assignment_cascade, assignment_override, task_chain
from .confirm import plan_archive_confirm, plan_publish_confirm
from .duties import task_duties
from .export import plan_export
from .gantt import plan_gantt
from .plans import plan_archive, plan_create, plan_detail, plan_edit, plan_list, plan_publish
from .task_page import task_detail
from .tasks import task_add, task_cancel, task_delete, task_edit, task_override

__all__ = [
    "assignment_cascade",
    "assignment_override",
    "task_chain",
    "plan_archive",
    "plan_archive_confirm",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_export",
    "plan_gantt",
    "plan_list",
    "plan_publish",
    "plan_publish_confirm",
    "task_add",
    "task_assign",
    "task_cancel",
    "task_delete",
    "task_duties",
    "task_detail",
    "task_edit",
    "task_override",
]
