"""A rejected item is edited and sent to the leader again: same number, a new round in the record, and
the timeline of the dispatched task shows both rounds."""

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import Item, Urgency
from luoshi.items.timeline import task_timeline
from luoshi.lib.errors import AccessDenied, ServiceError


@pytest.fixture
def rejected(pending_item, leader):
    return services.reject_item(Actor(leader), pending_item, reason="请明确牵头单位和完成标准")


def _resubmit(who, item, **changes):
    fields = {
        "title": "抓紧解决民营企业融资难问题，6月底前形成政策清单",
        "urgency": Urgency.EXTRA_URGENT,
        "content": item.content,
        "origin_author": item.origin_author,
        "origin_date": item.origin_date,
        "lead_units": list(item.lead_units.all()),
        "co_units": [],
        "note": "已按领导意见明确完成标准",
        **changes,
    }
    return services.resubmit_item(Actor(who), item, **fields)


def test_a_rejected_item_goes_back_to_the_leader_edited_and_under_its_number(rejected, supervisor, leader):
    number = rejected.number
    again = _resubmit(supervisor, rejected)
    assert (again.status, again.number, again.urgency) == (Item.Status.PENDING, number, Urgency.EXTRA_URGENT)
    assert again.title.endswith("形成政策清单") and not again.co_units.exists()
    assert (again.reviewed_by, again.review_note) == (None, "")
    assert again.time_limit_days == services.preset(again.source, Urgency.EXTRA_URGENT).working_days
    dispatched = services.approve_item(Actor(leader), again)
    actions = list(
        AuditEntry.objects.filter(object_type="items.item", object_id=str(dispatched.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["register_item", "reject_item", "resubmit_item", "approve_item"]
    shown = [e.what for e in task_timeline(supervisor, dispatched.task)]
    assert {"领导审核退回督办事项", "修改后重新报领导审核", "领导审核通过督办事项"} <= set(shown)


def test_only_a_rejected_item_is_resubmitted(pending_item, supervisor):
    with pytest.raises(ServiceError, match="只有审核未通过的事项"):
        _resubmit(supervisor, pending_item)


def test_a_resubmission_is_checked_like_a_registration(rejected, supervisor):
    with pytest.raises(ServiceError, match="请填写督办事项"):
        _resubmit(supervisor, rejected, title="  ")
    with pytest.raises(ServiceError, match="批示的领导和批示日期"):
        _resubmit(supervisor, rejected, origin_date=None)
    rejected.refresh_from_db()
    assert rejected.status == Item.Status.REJECTED  # nothing half-written


def test_only_the_deploying_office_resubmits(rejected, leader, other_supervisor):
    for who in (leader, other_supervisor):
        with pytest.raises(AccessDenied):
            _resubmit(who, rejected)


def test_the_page_edits_and_resubmits_and_the_detail_lists_the_rounds(client, rejected, supervisor):
    client.force_login(supervisor)
    detail = client.get(reverse("items:detail", kwargs={"pk": rejected.pk})).content.decode()
    url = reverse("items:resubmit", kwargs={"pk": rejected.pk})
    assert url in detail
    form = client.get(url).content.decode()
    assert "领导退回意见：请明确牵头单位和完成标准" in form
    data = {
        "urgency": "urgent",
        "title": "修改后的督办事项",
        "origin_author": "王书记",
        "origin_date": rejected.origin_date.isoformat(),
        "lead_units": [u.pk for u in rejected.lead_units.all()],
        "note": "补充了完成标准",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    detail = client.get(reverse("items:detail", kwargs={"pk": rejected.pk})).content.decode()
    assert "审核记录" in detail and "修改后重新报审" in detail and "补充了完成标准" in detail
