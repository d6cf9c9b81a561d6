"""Numbers people type or import (weights, target values, progress), read one way everywhere."""

from decimal import Decimal, InvalidOperation

from .errors import ServiceError


def parse_decimal(value, label: str, *, low: Decimal | None = None, high: Decimal | None = None) -> Decimal:
    """`value` as a Decimal, or a ServiceError naming `label` (权重应为数字。) — never a silent default."""
    try:
        number = Decimal(str(value).strip()) if value is not None else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ServiceError(f"{label}应为数字。")
    if low is not None and number < low:
        raise ServiceError(f"{label}不能小于{low}。")
    if high is not None and number > high:
        raise ServiceError(f"{label}不能大于{high}。")
    return number
