"""Every write to assessment data, one function per act (each owns its transaction and audit entry)."""

from luoshi.lib.errors import ServiceError

from .brands import nominate_brand, recognise_brand, review_brand
from .flow import advance, answer_appeal, file_appeal, review_line, self_assess
from .register import add_deduction, claim_bonus, find_veto, rate
from .schemes import (
    add_indicator,
    add_veto_item,
    create_scheme,
    publish_deadline,
    publish_scheme,
    recompute_scores,
    revise_scheme,
)

__all__ = [
    "ServiceError",
    "add_deduction",
    "add_indicator",
    "add_veto_item",
    "advance",
    "answer_appeal",
    "claim_bonus",
    "create_scheme",
    "file_appeal",
    "find_veto",
    "nominate_brand",
    "publish_deadline",
    "publish_scheme",
    "rate",
    "recognise_brand",
    "recompute_scores",
    "review_brand",
    "review_line",
    "revise_scheme",
    "self_assess",
]
