"""Two leaders approving the same item at once, and two registrations at once: on PostgreSQL, with real
concurrent transactions. Exactly one approval dispatches (one plan); numbers never repeat."""

import threading

import pytest
from django.db import connection, connections

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import Item, Source
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Plan

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"),
]


def _together(n, act):
    barrier, results = threading.Barrier(n), []

    def run(i):
        try:
            barrier.wait()
            results.append(act(i))
        except ServiceError as e:
            results.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_a_duplicate_approval_in_a_race_dispatches_once(pending_item, leader):
    from luoshi.org.models import User

    second = User.objects.create(username="lingdao2", role=User.Role.LEADER, unit=leader.unit)
    leaders = [leader, second]
    results = _together(
        2, lambda i: services.approve_item(Actor(leaders[i]), Item.objects.get(pk=pending_item.pk))
    )
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 1 and "不能重复审核" in str(refused[0])
    assert Plan.objects.count() == 1
    assert Item.objects.get(pk=pending_item.pk).status == Item.Status.DISPATCHED


def test_concurrent_registrations_get_distinct_numbers(supervisor, own_unit):
    results = _together(
        4,
        lambda i: services.register_item(
            Actor(supervisor),
            deploying_unit=supervisor.unit,
            source=Source.ASSIGNED,
            title=f"并发登记{i}",
            origin_author="省委",
            lead_units=[own_unit],
        ),
    )
    assert all(isinstance(r, Item) for r in results), results
    assert sorted(r.serial for r in results) == [1, 2, 3, 4]
