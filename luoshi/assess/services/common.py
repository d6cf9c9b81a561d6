"""What every assessment act shares: the actor's user, the scheme lock and the stage checks."""

from __future__ import annotations

from decimal import Decimal

from luoshi.lib.errors import ServiceError
from luoshi.lib.numbers import parse_decimal

from ..models import Scheme


def user_of(actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def locked_scheme(scheme: Scheme) -> Scheme:
    """The scheme's row, locked until the transaction ends: every act that moves the flow or writes scores
    takes it first, so two reviewers or a review and a stage change take turns."""
    return Scheme.objects.select_for_update(of=("self",)).select_related("plan").get(pk=scheme.pk)


def require_stage(scheme: Scheme, *stages: str, doing: str) -> None:
    if scheme.status != Scheme.Status.PUBLISHED:
        raise ServiceError(f"考核方案尚未发布或已被新版本取代，不能{doing}。")
    if scheme.stage not in stages:
        wanted = "、".join(str(Scheme.Stage(s).label) for s in stages)
        raise ServiceError(
            f"当前处于“{scheme.get_stage_display()}”环节，不能{doing}（只能在“{wanted}”环节进行）。"
        )


def require_draft(scheme: Scheme) -> None:
    if scheme.status != Scheme.Status.DRAFT:
        raise ServiceError("考核方案已发布，内容已冻结；如需调整，请先修订为新版本并写明理由。")


def points(value, *, what: str, most: Decimal | None = None) -> Decimal:
    """A score the person typed: a number with at most two decimals, not negative, not above `most`."""
    number = parse_decimal(value, what)
    if number < 0:
        raise ServiceError(f"{what}不能为负数。")
    if number != number.quantize(Decimal("0.01")):
        raise ServiceError(f"{what}最多保留两位小数。")
    if most is not None and number > most:
        raise ServiceError(f"{what}不能超过{most}分。")
    return number
