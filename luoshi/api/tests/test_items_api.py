"""督办事项 in the API: the same people and scope as the 督办事项 pages (supervisors and leaders of the
deploying unit), paginated and filtered, in a constant number of queries."""

import datetime

from luoshi.audit.services import Actor
from luoshi.items import services as items
from luoshi.items.models import Source, Urgency

from .test_api import get, key_for


def _item(supervisor, unit, title="抓紧解决融资难问题", urgency=Urgency.URGENT):
    return items.register_item(
        Actor(supervisor),
        deploying_unit=supervisor.unit,
        source=Source.INSTRUCTION,
        urgency=urgency,
        title=title,
        origin_author="王书记",
        origin_date=datetime.date.today(),
        lead_units=[unit],
    )


def test_a_supervisor_reads_the_offices_items(client, supervisor, leader, own_unit, other_unit):
    pending = _item(supervisor, own_unit)
    dispatched = items.approve_item(Actor(leader), _item(supervisor, other_unit, "另一事项"))
    body = get(client, "items", key_for(supervisor)).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert (first["id"], first["number"], first["status"]) == (dispatched.pk, dispatched.number, "dispatched")
    assert first["lead_unit_ids"] == [other_unit.pk] and first["task_id"] == dispatched.task_id
    one = get(client, f"items/{pending.pk}", key_for(leader)).json()
    assert (one["title"], one["urgency"], one["origin_author"]) == ("抓紧解决融资难问题", "urgent", "王书记")


def test_items_are_filtered_and_paginated(client, supervisor, own_unit):
    for i in range(55):
        _item(supervisor, own_unit, f"事项{i}", Urgency.EXTRA_URGENT if i % 5 == 0 else Urgency.NORMAL)
    key = key_for(supervisor)
    first, second = get(client, "items", key).json(), get(client, "items", key, page=2).json()
    assert (first["count"], len(first["items"]), len(second["items"])) == (55, 50, 5)
    assert get(client, "items", key, urgency="extra_urgent").json()["count"] == 11
    assert get(client, "items", key, status="dispatched").json()["count"] == 0


def test_another_office_and_the_liaisons_see_no_item(client, supervisor, other_supervisor, liaison, own_unit):
    made = _item(supervisor, own_unit)
    key = key_for(other_supervisor)
    assert get(client, "items", key).json()["count"] == 0
    assert get(client, f"items/{made.pk}", key).status_code == 404
    refused = get(client, "items", key_for(liaison))
    assert refused.status_code == 403 and refused.json()["detail"] == "只有督办员和领导可以查看督办事项。"
    assert get(client, f"items/{made.pk}", key_for(liaison)).status_code == 403


def test_the_item_list_costs_a_constant_number_of_queries(
    client, supervisor, own_unit, other_unit, django_assert_max_num_queries
):
    for i in range(20):
        made = _item(supervisor, own_unit, f"事项{i}")
        made.co_units.set([other_unit])
    key = key_for(supervisor)
    with django_assert_max_num_queries(7):
        assert get(client, "items", key).json()["count"] == 20
