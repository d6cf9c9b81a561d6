"""Two reviewers scoring the same unit at the same moment, on a real database with real connections.

Runs where the database has row locks (PostgreSQL); the revision rule itself is tested on every database
in test_flow.py."""

import threading

import pytest
from django.db import connection

from luoshi.assess import services
from luoshi.assess.models import Assessment, Scheme, ScoreLine
from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.tests import factories as f

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_keep_one_and_refuse_the_other(actor, supervisor, city, scheme, own_unit):
    colleague = f.UserFactory(role="supervisor", unit=city)
    services.advance(actor, scheme, Scheme.Stage.REVIEW)
    assessment = Assessment.objects.get(scheme=scheme, unit=own_unit)
    first, second = assessment.lines.order_by("pk")[:2]
    seen = assessment.revision
    barrier = threading.Barrier(2)
    outcomes = {}

    def review(user, line, score):
        from django.db import connections

        try:
            line = ScoreLine.objects.select_related("assessment__scheme").get(pk=line.pk)
            barrier.wait()
            services.review_line(Actor(user), line, score=score, reason="核定", revision=seen)
            outcomes[line.pk] = "saved"
        except ServiceError as exc:
            outcomes[line.pk] = str(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=review, args=(supervisor, first, "10")),
        threading.Thread(target=review, args=(colleague, second, "5")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(v == "saved" for v in outcomes.values()) == [False, True]
    assert "已被他人修改" in next(v for v in outcomes.values() if v != "saved")
    reviewed = ScoreLine.objects.filter(assessment=assessment, reviewed__isnull=False).count()
    assert reviewed == 1 and Assessment.objects.get(pk=assessment.pk).revision == seen + 1
