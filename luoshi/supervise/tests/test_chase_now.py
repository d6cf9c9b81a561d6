"""A supervisor chases one unit now, from the assignment's 催办 record."""

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.notify.models import Notification
from luoshi.plans.models import Task
from luoshi.supervise.models import Notice
from luoshi.supervise.services import chase_now


def test_a_chase_reaches_the_units_liaison_at_once_and_is_audited(own_assignment, supervisor, liaison):
    notice = chase_now(Actor(supervisor), own_assignment, "请本周内报送")
    assert (notice.kind, notice.level, notice.created_by) == ("manual", 2, supervisor)
    assert notice.dispatched_at is not None
    sent = Notification.objects.get(topic=notice.topic)
    assert sent.recipient == liaison and "请本周内报送" in sent.body
    entry = AuditEntry.objects.get(action="chase")
    assert entry.actor_id == supervisor.pk and "江岸区" in entry.summary


def test_one_manual_chase_a_day(own_assignment, supervisor, liaison):
    chase_now(Actor(supervisor), own_assignment)
    with pytest.raises(ServiceError, match="今天已催办过江岸区"):
        chase_now(Actor(supervisor), own_assignment)
    assert Notice.objects.count() == 1 and Notification.objects.count() == 1


def test_a_completed_task_is_not_chased(own_assignment, supervisor):
    Task.objects.filter(pk=own_assignment.task_id).update(status=Task.Status.COMPLETED)
    own_assignment.refresh_from_db()
    with pytest.raises(ServiceError, match="已办结或已取消"):
        chase_now(Actor(supervisor), own_assignment)


@pytest.mark.parametrize("who", ["leader", "liaison", "other_supervisor"])
def test_only_the_deploying_units_supervisors_chase(own_assignment, who, request):
    with pytest.raises(AccessDenied):
        chase_now(Actor(request.getfixturevalue(who)), own_assignment)
    assert not Notice.objects.exists()


def test_a_too_long_note_is_refused(own_assignment, supervisor):
    with pytest.raises(ServiceError, match="不能超过300字"):
        chase_now(Actor(supervisor), own_assignment, "催" * 301)


def test_the_page_shows_each_notice_with_recipients_channels_and_read_state(
    client, own_assignment, supervisor, liaison
):
    client.force_login(supervisor)
    url = reverse("supervise:chase", kwargs={"pk": own_assignment.pk})
    response = client.post(url, {"note": "请抓紧"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "人工催办" in page and "站内通知" in page and "未读" in page and str(liaison) in page
    Notification.objects.update(read_at="2025-10-09T02:00Z")
    assert "已读 2025年10月9日" in client.get(url).content.decode()
    again = client.post(url, follow=True).content.decode()
    assert "今天已催办过江岸区" in again


def test_the_task_page_links_to_the_chase_record(client, own_assignment, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("plans:task", kwargs={"pk": own_assignment.task_id})).content.decode()
    assert reverse("supervise:chase", kwargs={"pk": own_assignment.pk}) in page
