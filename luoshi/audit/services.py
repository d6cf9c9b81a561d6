"""Writing audit entries. Every service that changes business data calls `record` inside its transaction."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from . import chain
from .actions import Action
from .models import AuditEntry


@dataclass(frozen=True)
class Actor:
    """Who is acting and from which address; views build it from the request, commands pass `system`."""

    user: object | None
    ip: str | None = None

    @classmethod
    def from_request(cls, request) -> Actor:
        # Behind a reverse proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
        return cls(user=request.user, ip=request.META.get("REMOTE_ADDR") or None)

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, ip=None)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # FieldFile
        return value.name
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """A JSON-safe picture of a row's fields, for the before/after columns."""
    data = model_to_dict(obj, fields=fields)
    return {k: _plain(v) for k, v in data.items()}


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    summary: str = "",
) -> AuditEntry:
    """Append one entry to the audit record, inside the caller's transaction (so the entry stands or
    falls with the act). `action` must be in the registry (luoshi/audit/actions.py); `obj` may be None for
    acts about no stored object (a failed login, a refused request)."""
    return record_many(actor, action, [(obj, before, after, summary)])[0]


def record_many(
    actor: Actor, action: str, entries: list[tuple[models.Model | None, dict | None, dict | None, str]]
) -> list[AuditEntry]:
    """`record` for several acts of one kind at once — (obj, before, after, summary) each — chained in
    order under one append lock and written in one statement."""
    action = Action.of(action)
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    at = timezone.now()
    made = [
        AuditEntry(
            at=at,
            actor_id=user.pk if user else None,
            actor_name=actor_label(actor),
            ip=_address(actor.ip),
            action=action.value,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            summary=summary[:300],
            before=before,
            after=after,
        )
        for obj, before, after, summary in entries
    ]
    with transaction.atomic():
        # Lock first, read the tail in a later statement: in READ COMMITTED each statement takes a fresh
        # snapshot, so the read sees the entry the previous lock holder committed.
        chain.lock_tail()
        seq, prev = chain.tail()
        for entry in made:
            chain.seal(entry, seq, prev)
            seq, prev = entry.seq, entry.hash
        if len(made) == 1:
            made[0].save(force_insert=True)
        else:
            AuditEntry.objects.bulk_create(made)
    return made


def actor_label(actor: Actor) -> str:
    """The name the trail shows: the account's name, 系统 for commands, 匿名访问者 for a visitor not
    signed in."""
    if getattr(actor.user, "is_authenticated", False):
        return str(actor.user)[:150]
    return "系统" if actor.user is None else "匿名访问者"


def _address(ip: str | None) -> str | None:
    """The address in the one spelling every database gives back (PostgreSQL's inet rewrites IPv6)."""
    try:
        return str(ipaddress.ip_address(ip)) if ip else None
    except ValueError:
        return None
