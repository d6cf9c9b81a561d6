"""Acts that recompute the same plan at the same moment, on PostgreSQL with real connections.

Fifty supervisors accept fifty reports of the demo plan at once while the nightly refresh runs: every
stored figure (task progress, light and overdue days, assignment light and overdue days) must equal a fresh
recompute afterwards, and no act may fail with a deadlock. SQLite runs one write transaction at a time, so
the race and the deadlock exist only on PostgreSQL."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.db.models import Count

from luoshi.audit.services import Actor
from luoshi.demo.loader import load_demo
from luoshi.org.models import User
from luoshi.plans import services as plan_services
from luoshi.plans.models import Assignment, Task
from luoshi.plans.progress.recompute import refresh_lights, stale_figures
from luoshi.reports import services
from luoshi.reports.models import Report
from luoshi.tests import factories as f

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")

THREADS = 50


def _run_together(jobs) -> list[str]:
    """Run each job in its own thread and connection, all released at once; the errors, as text."""
    barrier = threading.Barrier(len(jobs))
    errors: list[str] = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # every failure is reported by the test
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a thread is still waiting"
    return errors


def _submitted_reports(demo, count: int) -> list[Report]:
    """One submitted report on each of `count` assignments of live tasks, siblings together (tasks with
    most units first), at percentages that move lights, for a period after every demo report."""
    rng = random.Random(14)
    assignments = list(
        Assignment.objects.filter(
            task__plan=demo.plan, task__status=Task.Status.ACTIVE, acknowledged_at__isnull=False
        )
        .annotate(siblings=Count("task__assignments"))
        .order_by("-siblings", "task_id", "id")[:count]
    )
    assert len(assignments) == count
    return [
        f.ReportFactory(
            assignment=a,
            period=f"{demo.plan.year + 1}-01",
            status="submitted",
            percent=rng.choice([5, 20, 60, 100]),
        )
        for a in assignments
    ]


def _lights_not_refreshed_today(plan) -> None:
    """The stored lights as they stand before the day's refresh has run: here all red, so each act's
    recompute rewrites its siblings' lights too."""
    Assignment.objects.filter(task__plan=plan).update(light="red")


def _refreshing_until(done: threading.Event):
    """The nightly refresh, run over and over while the acts are under way."""

    def job():
        refresh_lights()
        while not done.is_set():
            refresh_lights()

    return job


def _accept(actor, report):
    return lambda: services.accept_report(actor, Report.objects.get(pk=report.pk))


@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_and_refresh_leave_every_figure_as_a_fresh_recompute():
    demo = load_demo(date.today(), history_months=1)
    reports = _submitted_reports(demo, THREADS)
    _lights_not_refreshed_today(demo.plan)
    reviewer = Actor(demo.people["duban"])
    done = threading.Event()
    remaining = [THREADS]
    lock = threading.Lock()

    def accept(report):
        def job():
            try:
                _accept(reviewer, report)()
            finally:
                with lock:
                    remaining[0] -= 1
                    if not remaining[0]:
                        done.set()

        return job

    jobs = [accept(r) for r in reports]
    jobs.insert(THREADS // 2, _refreshing_until(done))
    errors = _run_together(jobs)

    assert errors == []
    assert Report.objects.filter(pk__in=[r.pk for r in reports], status="accepted").count() == THREADS
    assert stale_figures(demo.plan) == []


@pytest.mark.django_db(transaction=True)
def test_acceptances_submissions_overrides_and_cancellations_together_leave_no_stale_figure():
    demo = load_demo(date.today(), history_months=1)
    reports = _submitted_reports(demo, 30)
    to_accept, to_return = reports[::2], reports[1::2]
    reviewer = Actor(demo.people["duban"])
    drafts = list(
        Report.objects.filter(assignment__task__plan=demo.plan, status="draft")
        .exclude(narrative="")
        .select_related("assignment__unit")[:8]
    )
    parents = list(
        Task.objects.filter(plan=demo.plan, parent__isnull=False, children__isnull=False)
        .distinct()
        .order_by("id")[:3]
    )
    spare_leaves = list(
        Task.objects.filter(
            plan=demo.plan, status=Task.Status.ACTIVE, children__isnull=True, is_guidance=False
        )
        .exclude(assignments__in=[r.assignment_id for r in reports])
        .order_by("-id")[:3]
    )
    _lights_not_refreshed_today(demo.plan)

    def submit(draft):
        liaison = User.objects.get(unit=draft.assignment.unit, role="liaison")
        return lambda: services.submit_report(Actor(liaison), Report.objects.get(pk=draft.pk))

    def return_(report):
        return lambda: services.return_report(reviewer, Report.objects.get(pk=report.pk), reason="佐证不足")

    def override(task, value):
        return lambda: plan_services.override_progress(
            reviewer, Task.objects.get(pk=task.pk), progress=value, note="按实地督查情况调整"
        )

    def cancel(task):
        return lambda: plan_services.cancel_task(reviewer, Task.objects.get(pk=task.pk), note="任务调整")

    jobs = [_accept(reviewer, r) for r in to_accept] + [return_(r) for r in to_return]
    jobs += [submit(d) for d in drafts]
    jobs += [override(t, 40 + 10 * n) for n, t in enumerate(parents)]
    jobs += [cancel(t) for t in spare_leaves]
    jobs += [refresh_lights, refresh_lights]
    random.Random(7).shuffle(jobs)
    errors = _run_together(jobs)

    assert errors == []
    assert stale_figures(demo.plan) == []
