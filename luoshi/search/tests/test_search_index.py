"""Search answers the same on SQLite (LIKE, a scan) and PostgreSQL (ILIKE answered from pg_trgm indexes):
each query's results equal a plain-Python reference over the same rows, on whichever database the suite
runs (the lead runs it on both), and on PostgreSQL the trigram indexes exist and serve the query."""

from __future__ import annotations

import pytest
from django.db import connection

from luoshi.plans.models import Task
from luoshi.search import queries
from luoshi.search.indexes import TRIGRAM_INDEXES
from luoshi.search.queries import FIELDS, Kind
from luoshi.tests import factories as f

QUERIES = [
    ["凝心"],
    ["深化", "工程"],
    ["固本"],
    ["ABC"],
    ["abc"],
    ["2.1"],
    ["季度"],
    ["签到"],
    ["区委"],
    ["江汉"],
    ["民营", "培训"],
    ["没有的词"],
    ["工作要点"],
    ["%"],
    ["_"],
]


@pytest.fixture
def rows(plan, own_assignment, other_assignment, own_unit):
    t = f.TaskFactory(plan=plan, code="2.1", title="深化固本工程 abc 专项", deadline_text="每季度末完成")
    f.TaskFactory(plan=plan, code="3", title="推进ABC系统建设", description="完成率100%_以上")
    f.AssignmentFactory(task=t, unit=own_unit)
    f.ReportFactory(assignment=own_assignment, status="accepted", narrative="组织民营经济人士培训三场。")
    f.ReportFactory(
        assignment=other_assignment,
        status="returned",
        narrative="走访民营企业。",
        return_reason="请补充签到表",
    )


def _value(obj, path: str) -> str:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return "" if obj is None else str(obj)


def _reference(user, kind: Kind, terms: list[str]) -> list[int]:
    """The rule in plain Python: every term is found, case aside, in one of the kind's fields."""
    return sorted(
        obj.pk
        for obj in queries.scoped(user, kind)
        if all(any(t.upper() in _value(obj, name).upper() for name in FIELDS[kind]) for t in terms)
    )


@pytest.mark.parametrize("terms", QUERIES, ids=lambda t: "+".join(t))
def test_the_database_finds_exactly_what_the_rule_finds(supervisor, rows, terms):
    for kind in queries.kinds_for(supervisor):
        found = sorted(queries.search(supervisor, terms, kind).values_list("pk", flat=True))
        assert found == _reference(supervisor, kind, terms), (connection.vendor, kind, terms)


def test_the_data_exercises_the_search(supervisor, rows):
    """Guard against a vacuous agreement: the queries above find things of every kind."""
    for kind in queries.kinds_for(supervisor):
        assert any(_reference(supervisor, kind, terms) for terms in QUERIES), kind


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_on_postgresql_trigram_indexes_serve_the_search(supervisor, rows):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%%_trgm'")
        assert {r[0] for r in cursor.fetchall()} == {name for name, *_ in TRIGRAM_INDEXES}
        # A handful of rows: make the planner show its hand (no scan of a whole table or index).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        # The matching itself (the scope narrows by plan first, by its own indexes): every OR branch of the
        # task fields is answered from a trigram index.
        plan = queries._matching(Task.objects.order_by(), FIELDS[Kind.TASKS], ["固本"]).explain()
    for name, table, _column in TRIGRAM_INDEXES:
        if table == "plans_task":
            assert name in plan, plan
