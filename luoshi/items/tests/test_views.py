"""The pages: each act reaches its service, and a refused act shows the service's Chinese message and
changes nothing."""

import datetime

from django.urls import reverse

from luoshi.items.models import CloseOut, Extension, Item

from .conftest import pdf


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_registering_an_instruction_through_the_page(client, supervisor, own_unit):
    client.force_login(supervisor)
    response = client.post(
        reverse("items:new"),
        {
            "source": "instruction",
            "urgency": "extra_urgent",
            "title": "研究解决停车难问题",
            "origin_author": "张市长",
            "origin_date": datetime.date.today().isoformat(),
            "lead_units": [own_unit.pk],
        },
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response.url == reverse("items:detail", args=[item.pk])
    assert (item.time_limit_days, item.status) == (2, "pending")


def test_a_form_refusal_is_shown_in_chinese(client, supervisor, own_unit):
    client.force_login(supervisor)
    response = client.post(
        reverse("items:new"),
        {"source": "instruction", "urgency": "normal", "title": "x", "lead_units": [own_unit.pk]},
    )
    assert response.status_code == 200
    assert "请填写作出批示的领导和批示日期" in response.content.decode()
    assert not Item.objects.exists()


def test_the_leader_sees_the_review_form_and_approves(client, pending_item, leader):
    client.force_login(leader)
    page = client.get(reverse("items:detail", args=[pending_item.pk])).content.decode()
    assert "领导审核" in page and "同意交办" in page
    response = client.post(
        reverse("items:review", args=[pending_item.pk]),
        {
            "decision": "approve",
            "title": pending_item.title,
            "urgency": "urgent",
            "due_on": pending_item.due_on,
        },
        follow=True,
    )
    assert "已同意并交办" in _messages(response)
    pending_item.refresh_from_db()
    assert pending_item.status == "dispatched"


def test_an_extension_after_the_deadline_is_refused_on_the_page(client, liaison, own_assignment):
    """The fixture task was due at the end of 2025: too late to ask."""
    client.force_login(liaison)
    response = client.post(
        reverse("items:act", args=[own_assignment.task_id, "extension"]),
        {"new_due_on": "2027-06-30", "reason": "等待批复", "progress_note": "已完成一半"},
        follow=True,
    )
    assert "已超过完成时限" in _messages(response)
    assert not Extension.objects.exists()


def test_a_co_unit_cannot_close_on_the_page(client, other_liaison, future_task):
    client.force_login(other_liaison)
    response = client.post(
        reverse("items:act", args=[future_task.pk, "close"]),
        {"summary": "已完成", "files": [pdf()]},
        follow=True,
    )
    assert "配合单位不能申请办结" in _messages(response)
    assert not CloseOut.objects.exists()
    page = client.get(reverse("items:task", args=[future_task.pk])).content.decode()
    assert "申请办结" not in page.split('id="close-out"')[1].split("</section>")[0].replace(
        "尚未申请办结", ""
    )


def test_the_whole_close_out_through_the_pages(client, liaison, supervisor, future_task):
    client.force_login(liaison)
    page = client.get(reverse("items:task", args=[future_task.pk])).content.decode()
    assert "申请延期" in page and "申请办结" in page
    client.post(reverse("items:act", args=[future_task.pk, "close"]), {"summary": "已完成", "files": [pdf()]})
    client.force_login(supervisor)
    response = client.post(
        reverse("items:act", args=[future_task.pk, "verify"]),
        {"decision": "approve", "method": "documents", "verification": "材料齐全"},
        follow=True,
    )
    assert "已销号，进度计为100%" in _messages(response)
    page = response.content.decode()
    assert "已销号" in page and "复核办结申请" in page  # on the timeline
    close_out = CloseOut.objects.get()
    file_url = reverse("items:file", args=[close_out.files.get().pk])
    assert client.get(file_url).status_code == 200


def test_a_supervisor_of_another_unit_gets_404_for_an_act(client, other_supervisor, future_task):
    client.force_login(other_supervisor)
    response = client.post(reverse("items:act", args=[future_task.pk, "reopen"]), {"reason": "x"})
    assert response.status_code == 404
