"""Turning notices into notifications: who each step goes to and what it says.

* the unit's liaisons (站内通知, e-mail when they have an address) and the unit's 企业微信 group, for every
  step;
* the unit's 分管领导 (`notify.UnitContact`) in copy, for 催办 and 警示 (and a manual 催办);
* the deploying unit's supervisors, for 约谈/通报建议: it is a proposal to them, not a message to the unit.

`dispatch_pending` claims undispatched notices with SELECT … FOR UPDATE SKIP LOCKED, in batches, each
batch's notifications and its `dispatched_at` in one transaction: two runs never dispatch the same notice,
and a run killed half-way leaves its batch to the next run whole.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from luoshi.lib.cndates import cn_date, cn_period
from luoshi.notify.models import UnitContact
from luoshi.notify.services import Message, Recipient, notify_many
from luoshi.org.models import User

from .models import Notice

BATCH = 100
Kind = Notice.Kind
COPY_LEADER = {Kind.CHASE, Kind.WARNING, Kind.MANUAL}


def message(notice: Notice) -> tuple[str, str]:
    """The notification's title and body, in Chinese."""
    a = notice.assignment
    # The unit is named in every title: a group robot or a shared mailbox may carry several units' chases.
    task = f"{a.unit.display_name}：任务 {a.task.code} {a.task.title}"
    due = cn_date(a.due_on) if a.due_on else "未定"
    texts = {
        Kind.REMINDER: (f"【临近提醒】{task}", f"该任务应于{due}前完成，请抓紧推进并按时报送进度。"),
        Kind.CHASE: (f"【催办】{task}", f"该任务应于{due}完成，现已逾期，请立即办理并报送进展。"),
        Kind.WARNING: (f"【警示】{task}", f"该任务应于{due}完成，催办后仍未办结，请单位分管领导督促落实。"),
        Kind.ESCALATION: (
            f"【约谈/通报建议】{task}",
            f"该任务应于{due}完成，经催办、警示仍未办结，建议约谈或通报{a.unit.display_name}。",
        ),
        Kind.MISSING_REPORT: (
            f"【漏报催报】{task}",
            f"{cn_period(notice.period)}的进度应于{cn_date(notice.due_on)}前报送，至今未报，请尽快补报。",
        ),
        Kind.SILENCE: (
            f"【长期未报送】{task}",
            f"自{cn_date(notice.due_on)}以来未报送进度，请尽快报送。",
        ),
        Kind.ACKNOWLEDGE: (
            f"【签收催办】{task}",
            f"该任务应于{cn_date(notice.due_on)}前签收，至今未签收，请立即签收并明确责任人。",
        ),
        Kind.MANUAL: (
            f"【催办】{task}",
            "督办员催办：请尽快办理并报送进展。" + (f"\n{notice.note}" if notice.note else ""),
        ),
    }
    return texts[notice.kind]


def recipients_of(notices: list[Notice]) -> dict[int, list[tuple[Recipient, str]]]:
    """(recipient, link) per notice, in four queries for the whole batch."""
    unit_ids = {n.assignment.unit_id for n in notices}
    office_ids = {n.assignment.task.plan.deploying_unit_id for n in notices}
    people = User.objects.filter(is_active=True, unit_id__in=unit_ids | office_ids).filter(
        role__in=(User.Role.LIAISON, User.Role.SUPERVISOR)
    )
    liaisons, supervisors = defaultdict(list), defaultdict(list)
    for person in people.order_by("id"):
        into = liaisons if person.role == User.Role.LIAISON else supervisors
        into[person.unit_id].append(Recipient(str(person), user=person, email=person.email))
    contacts = {c.unit_id: c for c in UnitContact.objects.filter(unit_id__in=unit_ids)}
    found = {}
    for n in notices:
        a = n.assignment
        if n.kind == Kind.ESCALATION:
            link = reverse("supervise:chase", kwargs={"pk": a.pk})
            found[n.pk] = [(r, link) for r in supervisors[a.task.plan.deploying_unit_id]]
            continue
        link = reverse("reports:assignment", kwargs={"pk": a.pk})
        rows = [(r, link) for r in liaisons[a.unit_id]]
        contact = contacts.get(a.unit_id)
        if contact and contact.leader_email and n.kind in COPY_LEADER:
            rows.append(
                (
                    Recipient(f"{contact.leader_name or '分管领导'}（分管领导）", email=contact.leader_email),
                    link,
                )
            )
        if contact and contact.wecom_webhook:
            rows.append((Recipient(f"{a.unit.display_name}工作群", webhook=contact.wecom_webhook), link))
        found[n.pk] = rows
    return found


def messages_for(notice: Notice, recipients: list[tuple[Recipient, str]]) -> list[Message]:
    """The notice's notifications to make, one per recipient."""
    title, body = message(notice)
    return [
        Message(
            recipient=recipient,
            kind=notice.kind,
            kind_label=notice.get_kind_display(),
            level=notice.level,
            title=title,
            body=body,
            link=link,
            topic=notice.topic,
            unit=notice.assignment.unit,
            deploying_unit=notice.assignment.task.plan.deploying_unit,
        )
        for recipient, link in recipients
    ]


def send_notice(notice: Notice, recipients: list[tuple[Recipient, str]]) -> int:
    """Make one notice's notifications (inside the caller's transaction); returns how many."""
    return len(notify_many(messages_for(notice, recipients)))


def _claim(batch: int) -> list[Notice]:
    return list(
        Notice.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(dispatched_at__isnull=True)
        .select_related("assignment__unit", "assignment__task__plan__deploying_unit")
        .order_by("id")[:batch]
    )


def dispatch(notices: list[Notice]) -> int:
    """Notifications for claimed notices, marked dispatched (inside the caller's transaction)."""
    recipients = recipients_of(notices)
    made = len(notify_many([m for n in notices for m in messages_for(n, recipients[n.pk])]))
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(dispatched_at=timezone.now())
    return made


def dispatch_pending(batch: int | None = None) -> tuple[int, int]:
    """Dispatch every notice not yet dispatched, `batch` (default BATCH) per transaction; returns
    (notices, notifications)."""
    batch = batch or BATCH
    notices = notifications = 0
    while True:
        with transaction.atomic():
            claimed = _claim(batch)
            if not claimed:
                return notices, notifications
            notifications += dispatch(claimed)
            notices += len(claimed)
