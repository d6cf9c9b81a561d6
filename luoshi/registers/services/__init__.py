"""Writes to the registers, one module per register. Each act checks the policy (`luoshi.org.access`), owns
its transaction and writes an audit entry; errors a person can fix raise `ServiceError` in Chinese."""

from luoshi.lib.errors import ServiceError

from .representatives import add_representative, change_stage, reveal_personal_data
from .risks import register_risk, risk_plan

__all__ = [
    "ServiceError",
    "add_representative",
    "change_stage",
    "register_risk",
    "reveal_personal_data",
    "risk_plan",
]
