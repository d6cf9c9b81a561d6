"""How urgent an assignment is (特急 / 急 / 一般), through one hook.

Plans carry no urgency yet; the app that brings items from every source registers a provider here (in its
AppConfig.ready) mapping assignment ids to urgencies. Until one is registered every assignment is 一般.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models


class Urgency(models.TextChoices):
    URGENT = "urgent", "特急"
    PRIORITY = "priority", "急"
    NORMAL = "normal", "一般"


Provider = Callable[[list[int]], dict[int, str]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a provider: given assignment ids, it returns the urgency of those it knows."""
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
    return 0 if urgency == Urgency.URGENT else 1
