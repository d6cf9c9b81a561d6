"""Writing audit entries. Every service that changes business data calls `record` inside its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.forms.models import model_to_dict

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
    actor: Actor, action: str, obj: models.Model, *, before: dict | None = None, after: dict | None = None,
    summary: str = "",
) -> AuditEntry:
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(str(user) if user else "系统"),
        ip=actor.ip,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        before=before,
        after=after,
    )
