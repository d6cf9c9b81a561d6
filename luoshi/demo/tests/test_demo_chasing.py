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
