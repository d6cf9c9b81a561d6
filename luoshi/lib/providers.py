"""Answers a lower layer asks of the apps above it. The lower layer (e.g. plans) keeps a `Providers`; an app
that knows more (e.g. items) registers a provider in its AppConfig.ready, which, given ids, answers for those
it knows. The lower layer never imports the app, so the layers hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")


class Providers(Generic[V]):
    def __init__(self) -> None:
        self._providers: list[Callable[[list[int]], dict[int, V]]] = []

    def register(self, provider: Callable[[list[int]], dict[int, V]]) -> None:
        """Add `provider` (once, however often the app starts)."""
        if provider not in self._providers:
            self._providers.append(provider)

    def unregister(self, provider: Callable[[list[int]], dict[int, V]]) -> None:
        self._providers.remove(provider)

    def answers(self, ids: Iterable[int]) -> dict[int, V]:
        """What the providers answer for `ids`, a later provider winning; no entry for an id none knows and
        none for an id that was not asked about."""
        asked = list(ids)
        found: dict[int, V] = {}
        if not asked:
            return found
        wanted = set(asked)
        for provider in self._providers:
            found.update({k: v for k, v in provider(asked).items() if k in wanted})
        return found
