"""Hand-written SQL computing the same numbers as the leader dashboard and the liaison's task list.

Written independently of the ORM code (a recursive CTE instead of parent joins, CASE sums instead of
FILTER, a window function instead of correlated subqueries), in SQL that SQLite and PostgreSQL both run,
so the benchmark checks the pages' figures as well as timing them.
"""

from __future__ import annotations

from django.db import connection

LIVE_TASK = "t.status <> 'cancelled' AND t.is_guidance = %s"


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _lights(alias: str) -> str:
    return ", ".join(
        f"COALESCE(SUM(CASE WHEN {alias}.light = '{c}' THEN 1 ELSE 0 END), 0)"
        for c in ("green", "yellow", "red")
    )


def lines(plan_id: int) -> list[tuple]:
    """(id, code, progress, light, tasks, green, yellow, red) per top-level line."""
    sql = f"""
        WITH RECURSIVE tree(id, root) AS (
            SELECT id, id FROM plans_task WHERE plan_id = %s AND parent_id IS NULL
            UNION ALL
            SELECT c.id, tree.root FROM plans_task c JOIN tree ON c.parent_id = tree.id
        )
        SELECT top.id, top.code, top.progress, top.light, COUNT(t.id), {_lights("t")}
        FROM plans_task top
        LEFT JOIN tree ON tree.root = top.id
        LEFT JOIN plans_task t ON t.id = tree.id AND {LIVE_TASK}
            AND NOT EXISTS (SELECT 1 FROM plans_task k WHERE k.parent_id = t.id AND k.status <> 'cancelled')
        WHERE top.plan_id = %s AND top.parent_id IS NULL AND top.status <> 'cancelled' AND top.is_guidance = %s
        GROUP BY top.id, top.code, top.progress, top.light, top.position
        ORDER BY top.position, top.id
    """
    return _rows(sql, [plan_id, False, plan_id, False])


def overall_progress(plan_id: int, rollup: str) -> float:
    value = "AVG(progress)" if rollup == "mean" else "SUM(progress * weight) / NULLIF(SUM(weight), 0)"
    sql = f"""SELECT {value} FROM plans_task
              WHERE plan_id = %s AND parent_id IS NULL AND status <> 'cancelled' AND is_guidance = %s"""
    return float(_rows(sql, [plan_id, False])[0][0] or 0)


def units(plan_id: int, limit: int, offset: int = 0) -> tuple[list[tuple], int]:
    """(unit id, assignments, mean progress, green, yellow, red, overdue, not acknowledged) per unit."""
    sql = f"""
        SELECT u.id, COUNT(a.id), AVG(a.progress), {_lights("a")},
               SUM(CASE WHEN a.is_overdue THEN 1 ELSE 0 END),
               SUM(CASE WHEN a.acknowledged_at IS NULL THEN 1 ELSE 0 END)
        FROM plans_assignment a
        JOIN plans_task t ON t.id = a.task_id
        JOIN org_unit u ON u.id = a.unit_id
        WHERE t.plan_id = %s AND {LIVE_TASK}
        GROUP BY u.id, u."order"
        ORDER BY u."order", u.id
        LIMIT %s OFFSET %s
    """
    rows = _rows(sql, [plan_id, False, limit, offset])
    total = _rows(
        f"""SELECT COUNT(DISTINCT a.unit_id) FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id
            WHERE t.plan_id = %s AND {LIVE_TASK}""",
        [plan_id, False],
    )[0][0]
    return rows, total


def overdue(plan_id: int, limit: int) -> tuple[list[tuple], int]:
    """(assignment id, due day) of the most overdue assignments, and how many there are."""
    where = f"""t.plan_id = %s AND {LIVE_TASK} AND a.is_overdue"""
    rows = _rows(
        f"""SELECT a.id, a.due_on FROM plans_assignment a
            JOIN plans_task t ON t.id = a.task_id JOIN org_unit u ON u.id = a.unit_id
            WHERE {where} ORDER BY a.days_overdue DESC, u."order", t.position, a.id LIMIT %s""",
        [plan_id, False, limit],
    )
    total = _rows(
        f"SELECT COUNT(*) FROM plans_assignment a JOIN plans_task t ON t.id = a.task_id WHERE {where}",
        [plan_id, False],
    )[0][0]
    return rows, total


def trend(plan_id: int, year: int) -> list[tuple]:
    """(period, accepted reports, mean percent) per period that has any."""
    return _rows(
        """SELECT r.period, COUNT(*), AVG(r.percent) FROM reports_report r
           JOIN plans_assignment a ON a.id = r.assignment_id JOIN plans_task t ON t.id = a.task_id
           WHERE t.plan_id = %s AND r.status = 'accepted' AND r.period LIKE %s
           GROUP BY r.period ORDER BY r.period""",
        [plan_id, f"{year}-%"],
    )


def awaiting_review(plan_id: int) -> int:
    return _rows(
        """SELECT COUNT(*) FROM reports_report r JOIN plans_assignment a ON a.id = r.assignment_id
           JOIN plans_task t ON t.id = a.task_id WHERE t.plan_id = %s AND r.status = 'submitted'""",
        [plan_id],
    )[0][0]


def dashboard(plan_id: int, rollup: str, year: int, per_page: int, shown: int) -> dict:
    unit_rows, units_total = units(plan_id, per_page)
    overdue_rows, overdue_total = overdue(plan_id, shown)
    return {
        "lines": lines(plan_id),
        "progress": overall_progress(plan_id, rollup),
        "units": unit_rows,
        "units_total": units_total,
        "overdue": overdue_rows,
        "overdue_total": overdue_total,
        "trend": trend(plan_id, year),
        "awaiting_review": awaiting_review(plan_id),
    }


def my_tasks(unit_id: int) -> tuple[list[tuple], dict]:
    """The liaison's list: (assignment id, plan year, plan id, code, progress, light, latest status, decided
    status, decided period) for the unit's live assignments in published plans, and the tab counts."""
    sql = """
        WITH ranked AS (
            SELECT r.assignment_id, r.status, r.period,
                   ROW_NUMBER() OVER (PARTITION BY r.assignment_id ORDER BY r.period DESC, r.version DESC) AS n,
                   ROW_NUMBER() OVER (PARTITION BY r.assignment_id
                                      ORDER BY CASE WHEN r.status = 'draft' THEN 1 ELSE 0 END,
                                               r.period DESC, r.version DESC) AS d
            FROM reports_report r JOIN plans_assignment a ON a.id = r.assignment_id
            WHERE a.unit_id = %s
        )
        SELECT a.id, p.year, p.id, t.code, a.progress, a.light, latest.status,
               decided.status, decided.period, a.acknowledged_at, a.is_overdue
        FROM plans_assignment a
        JOIN plans_task t ON t.id = a.task_id
        JOIN plans_plan p ON p.id = t.plan_id
        LEFT JOIN ranked latest ON latest.assignment_id = a.id AND latest.n = 1
        LEFT JOIN ranked decided ON decided.assignment_id = a.id AND decided.d = 1 AND decided.status <> 'draft'
        WHERE a.unit_id = %s AND p.status = 'published' AND t.status <> 'cancelled'
    """
    rows = _rows(sql, [unit_id, unit_id])
    counts = {
        "all": len(rows),
        "unacknowledged": sum(1 for r in rows if r[9] is None),
        "returned": sum(1 for r in rows if r[7] == "returned"),
        "overdue": sum(1 for r in rows if r[10]),
    }
    return [r[:9] for r in rows], counts
