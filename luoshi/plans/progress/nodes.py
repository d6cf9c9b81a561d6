"""Dated nodes (节点, milestones) of project-type work, as the light rule sees them: the work follows its
next unfinished node when that node's light is worse than its own. One rule for stored lights, so the
task page, dashboards, lists and the light history agree.

Plans hold no milestones of their own; the app that has them (`luoshi.items`) registers a provider here in
its AppConfig.ready, mapping task ids to each task's next unfinished node. Where none answers, none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from luoshi.lib.providers import Providers

from .lights import SEVERITY, LightPolicy, Situation, Verdict, judge


@dataclass(frozen=True)
class Node:
    """The next unfinished node of a task: what it is called and when it is due."""

    title: str
    due_on: date


# Providers: given task ids, each returns the next unfinished node of those that have one.
_providers = Providers[Node]()
register = _providers.register
unregister = _providers.unregister


def next_nodes(task_ids: Iterable[int]) -> dict[int, Node]:
    return _providers.answers(task_ids)


def node_verdict(node: Node, today: date, policy: LightPolicy) -> Verdict:
    """The light rule asked about one node: not done, due on its date (no schedule before it)."""
    verdict = judge(Situation(today=today, progress=0, deadline=node.due_on), policy)
    return Verdict(verdict.light, f"节点“{node.title}”{verdict.reason}", verdict.expected)


def with_node(own: Verdict, node: Node | None, today: date, policy: LightPolicy) -> Verdict:
    """`own`, or the node's verdict when that is worse. Finished work (green for being done) keeps its own."""
    if node is None:
        return own
    verdict = node_verdict(node, today, policy)
    return verdict if SEVERITY[verdict.light] > SEVERITY[own.light] else own
