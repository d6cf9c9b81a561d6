"""Notification acts: create a notification with its deliveries, mark read, and send what is due.

Sending (`send_due`) is safe to run in several processes at once: each delivery is claimed with SELECT …
FOR UPDATE SKIP LOCKED in its own short transaction, sent, and marked before the lock is released, so two
workers never carry the same delivery. A failed attempt is kept with its Chinese reason and tried again
later (doubling waits) until `NOTIFY_MAX_ATTEMPTS`; then it stays as 发送失败 on the supervisors' list,
where it can be sent again — never dropped. (A worker killed between handing a message over and its
commit sends that one message again on the next run: at-least-once is the most any channel without
delivery ids allows.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record, snapshot
from luoshi.lib.errors import ServiceError

from .channels import SENDERS, SendFailed, email_enabled
from .models import Channel, Delivery, Notification

CLAIM_BATCH = 200  # deliveries looked at per claim query


@dataclass(frozen=True)
class Recipient:
    """Whom a notification goes to: a person with an account (站内通知, and e-mail when they have an
    address), or a contact without one (e-mail), or a unit's group robot (webhook)."""

    name: str
    user: object | None = None
    email: str = ""
    webhook: str = ""

    def channels(self) -> list[tuple[str, str]]:
        found = []
        if self.user is not None:
            found.append((Channel.IN_APP, ""))
        if self.email and email_enabled():
            found.append((Channel.EMAIL, self.email))
        if self.webhook:
            found.append((Channel.WECOM, self.webhook))
        return found


@dataclass(frozen=True)
class Message:
    """One notification to make: the recipient and what it says."""

    recipient: Recipient
    kind: str
    kind_label: str
    title: str
    body: str = ""
    link: str = ""
    level: int = 1
    topic: str = ""
    unit: object | None = None
    deploying_unit: object | None = None


def notify_many(messages: list[Message]) -> list[Notification]:
    """One notification per message, each with a delivery per channel that reaches its recipient (in-app
    ones are delivered on creation), in two INSERTs whatever their number. Runs inside the caller's
    transaction: the notice and its notifications stand or fall together. Recipients reached by no
    channel get no row."""
    now = timezone.now()
    reached = [(m, m.recipient.channels()) for m in messages]
    reached = [(m, channels) for m, channels in reached if channels]
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                kind=m.kind,
                kind_label=m.kind_label,
                level=m.level,
                recipient=m.recipient.user,
                recipient_name=m.recipient.name[:60],
                unit=m.unit,
                deploying_unit=m.deploying_unit,
                title=m.title[:200],
                body=m.body,
                link=m.link[:300],
                topic=m.topic,
            )
            for m, _ in reached
        ]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                notification=notification,
                channel=channel,
                address=address,
                status=Delivery.Status.SENT if channel == Channel.IN_APP else Delivery.Status.PENDING,
                sent_at=now if channel == Channel.IN_APP else None,
                next_try=None if channel == Channel.IN_APP else now,
            )
            for notification, (_, channels) in zip(notifications, reached, strict=True)
            for channel, address in channels
        ]
    )
    return notifications


def notify(recipients: list[Recipient], **what) -> list[Notification]:
    """The same message (`Message`'s other fields) to each of `recipients`."""
    return notify_many([Message(recipient=r, **what) for r in recipients])


def inbox(user):
    """The notifications of one person, newest first."""
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (a no-op when it already is). Reading is not an act
    on business data: it writes no audit entry."""
    notification = inbox(user).filter(pk=notification_id).first()
    if notification is None:
        raise ServiceError("没有找到该通知。")
    if notification.read_at is None:
        inbox(user).filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(user, kind: str = "") -> int:
    qs = inbox(user).filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.update(read_at=timezone.now())


def _backoff(attempts: int) -> timedelta:
    """Wait before the next try: 5 minutes, doubling, at most 6 hours."""
    return min(timedelta(minutes=5 * 2 ** max(attempts - 1, 0)), timedelta(hours=6))


def _attempt(delivery: Delivery, now: datetime) -> bool:
    delivery.attempts += 1
    try:
        SENDERS[delivery.channel].send(delivery)
    except SendFailed as exc:
        delivery.last_error = str(exc)[:300]
        if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.next_try = None
        else:
            delivery.next_try = now + _backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "status", "next_try"])
        return False
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.next_try = None
    delivery.save(update_fields=["attempts", "status", "sent_at", "next_try"])
    return True


def _claim_one(now: datetime, skip: set[int]) -> Delivery | None:
    return (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("notification")
        .filter(status=Delivery.Status.PENDING, next_try__lte=now)
        .exclude(pk__in=skip)
        .order_by("next_try", "id")
        .first()
    )


def send_due(now: datetime | None = None, limit: int | None = None) -> tuple[int, int]:
    """Send every pending delivery whose time has come; returns (sent, failed attempts). Each delivery is
    claimed, sent and marked in its own transaction, so a worker killed half-way loses nothing and a
    second worker running at the same time skips what this one holds."""
    now = now or timezone.now()
    sent = failed = 0
    tried: set[int] = set()
    while limit is None or sent + failed < limit:
        with transaction.atomic():
            delivery = _claim_one(now, tried)
            if delivery is None:
                break
            tried.add(delivery.pk)
            if _attempt(delivery, now):
                sent += 1
            else:
                failed += 1
    return sent, failed


def undelivered(deploying_unit_id: int):
    """Deliveries of an office's notifications that have not gone out: pending retries and given-up ones."""
    return (
        Delivery.objects.filter(notification__deploying_unit_id=deploying_unit_id)
        .exclude(status=Delivery.Status.SENT)
        .select_related("notification", "notification__unit")
        .order_by("-status", "-notification__created_at", "id")
    )


def retry(actor: Actor, delivery: Delivery) -> Delivery:
    """A supervisor sends a given-up (or waiting) delivery again now; audited."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status == Delivery.Status.SENT:
            raise ServiceError("该通知已发送，无需重发。")
        before = snapshot(delivery, ["status", "attempts", "next_try", "last_error"])
        delivery.status = Delivery.Status.PENDING
        delivery.attempts = 0
        delivery.next_try = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_try"])
        record(
            actor,
            "notify_retry",
            delivery,
            before=before,
            after=snapshot(delivery, ["status", "attempts", "next_try", "last_error"]),
            summary=f"重新发送通知：{delivery.get_channel_display()} {delivery.notification.recipient_name}",
        )
    return delivery
