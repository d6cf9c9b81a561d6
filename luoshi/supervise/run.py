"""One run of `luoshi supervise`: record the steps due today, dispatch the notices, send the deliveries.

Each stage is safe to run twice and from two servers at once: steps go in with INSERT … ON CONFLICT DO
NOTHING against the notice's unique key, notices are dispatched and deliveries sent under SELECT … FOR
UPDATE SKIP LOCKED. A run killed between stages (or inside one) leaves only whole batches behind; the
next run carries on from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from luoshi.notify.services import send_due
from luoshi.workdays.models import working_days

from . import ladder
from .dispatch import dispatch_pending
from .models import Notice
from .selection import Step, due_steps

INSERT_BATCH = 1000


@dataclass
class Outcome:
    steps: int = 0
    notices: int = 0
    notifications: int = 0
    sent: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"应督办 {self.steps} 项，发出督办通知 {self.notices} 条（通知 {self.notifications} 条），"
            f"送达 {self.sent} 条，发送失败待重试 {self.failed} 条。"
        )


def record_steps(steps: list[Step]) -> None:
    """Insert the steps as notices; a step another run inserted first is left as it is."""
    Notice.objects.bulk_create(
        [
            Notice(
                assignment_id=s.assignment_id,
                kind=s.kind,
                level=Notice.LEVELS[s.kind],
                colour=Notice.COLOURS[s.kind],
                due_on=s.due_on,
                period=s.period,
            )
            for s in steps
        ],
        batch_size=INSERT_BATCH,
        ignore_conflicts=True,
    )


def supervise(
    today: date | None = None, *, send: bool = True, settings: ladder.LadderSettings | None = None
) -> Outcome:
    today = today or timezone.localdate()
    steps = due_steps(today, working_days(), settings or ladder.LadderSettings.from_settings())
    record_steps(steps)
    outcome = Outcome(steps=len(steps))
    outcome.notices, outcome.notifications = dispatch_pending()
    if send:
        outcome.sent, outcome.failed = send_due()
    return outcome
