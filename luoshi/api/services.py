"""Creating and revoking API tokens: each act audited, the key returned once and never stored."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.lib.text import clean_text

from .models import ApiToken

MAX_DAYS = 365
MAX_ACTIVE = 10


def _fields(token: ApiToken) -> dict:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


def create_token(actor: Actor, *, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the actor's own account. Returns the token and its key, which is shown once."""
    user = actor.user
    if user is None or not user.is_authenticated:
        raise AccessDenied("请先登录。")
    if user.is_administrator:
        raise AccessDenied("管理员账号不能创建接口令牌：接口只提供业务数据，管理员不查看业务数据。")
    name = clean_text(name).strip()
    if not name:
        raise ServiceError("请填写令牌名称（例如用途或对接系统的名称）。")
    if not 1 <= int(days) <= MAX_DAYS:
        raise ServiceError(f"有效期应在1到{MAX_DAYS}天之间。")
    with transaction.atomic():
        if ApiToken.objects.usable().filter(user=user).count() >= MAX_ACTIVE:
            raise ServiceError(f"每个账号最多同时持有{MAX_ACTIVE}个有效令牌，请先撤销不用的令牌。")
        token, raw = ApiToken.build(user, name[:100], int(days))
        token.save()
        record(actor, "api_token_create", token, after=_fields(token), summary=f"创建接口令牌“{token.name}”")
    return token, raw


def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    """撤销 one of the actor's own tokens; it stops working at once."""
    if actor.user is None or token.user_id != actor.user.pk:
        raise AccessDenied("只能撤销本人的接口令牌。")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ServiceError("该令牌已撤销。")
        before = _fields(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor,
            "api_token_revoke",
            token,
            before=before,
            after=_fields(token),
            summary=f"撤销接口令牌“{token.name}”",
        )
    return token
