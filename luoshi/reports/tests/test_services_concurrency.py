"""Two people saving the same draft at the same moment, on a real database with real connections.

Runs where the database has row locks (PostgreSQL); the revision logic itself is tested on every database
in test_services_reports.py."""

import threading

import pytest
from django.db import connection

from luoshi.audit.services import Actor
from luoshi.reports import services
from luoshi.reports.models import Report
from luoshi.reports.services import ServiceError
from luoshi.tests import factories as f

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_keep_one_and_refuse_the_other(liaison, own_unit, own_assignment):
    colleague = f.UserFactory(role="liaison", unit=own_unit)
    draft = services.start_report(Actor(liaison), own_assignment, period="2025-03")
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, text):
        from django.db import connections

        try:
            report = Report.objects.get(pk=draft.pk)
            barrier.wait()
            services.save_draft(Actor(user), report, revision=0, narrative=text, percent=50)
            outcomes[text] = "saved"
        except ServiceError as exc:
            outcomes[text] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u, t)) for u, t in ((liaison, "甲"), (colleague, "乙"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(v == "saved" for v in outcomes.values()) == [False, True]
    winner = next(k for k, v in outcomes.items() if v == "saved")
    loser = next(v for v in outcomes.values() if v != "saved")
    assert "已被他人修改" in loser
    draft.refresh_from_db()
    assert (draft.narrative, draft.revision) == (winner, 1)
