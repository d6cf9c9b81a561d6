"""How urgent a piece of supervised work is (特急 / 急 / 一般): the one vocabulary, and the one way to ask.

Plans carry no urgency of their own; an app whose work has one (the 督办事项 of `luoshi.items`) registers a
provider here, in its AppConfig.ready, mapping assignment ids to urgencies. Where none answers, 一般.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from luoshi.lib.providers import Providers


class Urgency(models.TextChoices):
    EXTRA_URGENT = "extra_urgent", "特急"
    URGENT = "urgent", "急"
    NORMAL = "normal", "一般"


# Providers: given assignment ids, each returns the urgency of those it knows.
_providers = Providers[str]()
register = _providers.register
unregister = _providers.unregister


def urgencies(assignment_ids: Iterable[int]) -> dict[int, str]:
    """The urgency of each assignment: the registered providers' word, 一般 where none has one."""
    ids = list(assignment_ids)
    return dict.fromkeys(ids, Urgency.NORMAL.value) | _providers.answers(ids)


def acknowledge_limit(urgency: str) -> int:
    """Working days after assignment by which 签收 is due: the same day for 特急, one day otherwise."""
    return 0 if urgency == Urgency.EXTRA_URGENT else 1
