"""How urgent a piece of supervised work is (特急 / 急 / 一般): the one vocabulary, and the one way to ask.

Plans carry no urgency of their own; an app whose work has one (the 督办事项 of `luoshi.items`) registers a
provider here, in its AppConfig.ready, mapping assignment ids to urgencies. Where none answers, 一般.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models


class Urgency(models.TextChoices):
    EXTRA_URGENT = "extra_urgent", "特急"
    URGENT = "urgent", "急"
    NORMAL = "normal", "一般"


Provider = Callable[[list[int]], dict[int, str]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider: given assignment ids, it returns the urgency of those it knows."""
    if provider not in _providers:
        _providers.append(provider)


def unregister(provider: Provider) -> None:
    _providers.remove(provider)


def urgencies(assignment_ids: Iterable[int]) -> dict[int, str]:
    """The urgency of each assignment: the registered providers' word, 一般 where none has one."""
    ids = list(assignment_ids)
    found = dict.fromkeys(ids, Urgency.NORMAL.value)
    for provider in _providers:
        found.update({k: v for k, v in provider(ids).items() if k in found})
    return found


def acknowledge_limit(urgency: str) -> int:
    """Working days after assignment by which 签收 is due: the same day for 特急, one day otherwise."""
    return 0 if urgency == Urgency.EXTRA_URGENT else 1
