"""The demo shows the 督办 loop: a whole ladder on 江岸区's overdue task, reminders, and a manual chase."""

from datetime import date

import pytest

from luoshi.demo.chasing import CHAIN_TASK, ladder_days
from luoshi.demo.loader import load_demo
from luoshi.notify.models import Notification, UnitContact
from luoshi.supervise.models import Notice

DEMO_DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loaded = load_demo(DEMO_DAY, history_months=1)
        yield loaded
        from django.core.management import call_command

        call_command("flush", "--noinput")


@pytest.mark.django_db
def test_the_overdue_task_climbs_the_whole_ladder(demo):
    chain = Notice.objects.filter(
        assignment__unit__short_name="江岸区", assignment__task__title__startswith=CHAIN_TASK
    ).exclude(kind__in=["missing_report", "silence"])  # reports owed and never filed are chased separately
    assert sorted(chain.values_list("kind", flat=True)) == [
        "chase",
        "escalation",
        "manual",
        "reminder",
        "warning",
    ]
    days = {n.kind: n.created_at.date() for n in chain}
    assert days["reminder"] < days["chase"] < days["warning"] < days["escalation"] < DEMO_DAY
    assert ladder_days(date(2026, 6, 30), DEMO_DAY) == sorted(
        days[k] for k in ("reminder", "chase", "warning", "escalation")
    )


@pytest.mark.django_db
def test_each_notice_has_its_notifications_and_the_reminder_was_read(demo):
    assert UnitContact.objects.count() == len(demo.units)
    assert not Notice.objects.filter(dispatched_at__isnull=True).exists()
    liaison = demo.people["jiangan"]
    mine = Notification.objects.filter(recipient=liaison)
    assert mine.filter(kind="reminder", read_at__isnull=False).exists()
    assert mine.filter(kind="manual", read_at__isnull=True).exists()
    escalation = Notice.objects.filter(kind="escalation").first()
    assert Notification.objects.filter(topic=escalation.topic, recipient=demo.people["duban"]).exists()
    # Other units are reminded and chased by the same runs.
    assert Notice.objects.exclude(assignment__unit__short_name="江岸区").exists()


@pytest.mark.django_db
def test_work_never_signed_for_is_chased_once_for_its_signature(demo):
    from luoshi.plans.models import Assignment

    unsigned = Assignment.objects.get(
        task__plan=demo.plan,
        unit=demo.units["jiangan"],
        task__title__startswith="参与美好环境与幸福生活共同缔造",
    )
    assert unsigned.acknowledged_at is None
    assert Notice.objects.filter(assignment=unsigned, kind="acknowledge").count() == 1
    sent = Notification.objects.get(topic=Notice.objects.get(assignment=unsigned, kind="acknowledge").topic)
    assert sent.recipient == demo.people["jiangan"] and "签收催办" in sent.title


@pytest.mark.django_db
def test_the_chase_downloads_as_its_word_notice(demo, client):
    from django.urls import reverse

    from luoshi.documents.tests.docx_xml import W, parts

    chase = Notice.objects.get(
        kind="chase", assignment__unit__short_name="江岸区", assignment__task__title__startswith=CHAIN_TASK
    )
    client.force_login(demo.people["duban"])
    page = client.get(reverse("supervise:chase", kwargs={"pk": chase.assignment_id})).content.decode()
    url = reverse("supervise:letter", kwargs={"pk": chase.pk})
    assert url in page and "下载催办通知单" in page
    response = client.get(url)
    assert response.status_code == 200
    text = "".join(t.text or "" for t in parts(response.content)["word/document.xml"].iter(f"{{{W}}}t"))
    assert "催办通知单" in text and chase.assignment.unit.name in text and "2026年6月30日" in text
