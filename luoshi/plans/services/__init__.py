"""Writes to plans, tasks and assignments, one module per kind of act (`plans`, `tasks`, `assignments`).
Each function is named for the act, owns its transaction and writes an audit entry (who, when, from where,
what, before and after). Views never save models directly.

Errors a person can fix raise `ServiceError` with a Chinese message.

Authorisation lives in the querysets the views use; the services check again with the same policy
(`luoshi.org.access`: a supervisor acts only on plans their unit deployed, a liaison only on their own
unit's assignments) so that no caller can skip it.
`Actor.system()` (no user) is trusted: the demo loader and management commands use it.
"""

from luoshi.lib.errors import ServiceError

from .assignments import acknowledge, assign, override_progress, refuse_deploying_unit
from .cascade import cascade_assignment, override_assignment_progress
from .common import _clean_targets as clean_targets
from .duties import set_duties
from .plans import archive_plan, create_plan, publish_plan, update_plan
from .tasks import _check_deadline_within as check_deadline_within
from .tasks import add_task, cancel_task, delete_task, update_task

__all__ = [
    "ServiceError",
    "acknowledge",
    "add_task",
    "archive_plan",
    "assign",
    "cascade_assignment",
    "cancel_task",
    "check_deadline_within",
    "clean_targets",
    "create_plan",
    "delete_task",
    "override_assignment_progress",
    "override_progress",
    "publish_plan",
    "set_duties",
    "refuse_deploying_unit",
    "update_plan",
    "update_task",
]
