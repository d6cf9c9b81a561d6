"""`luoshi supervise`: which steps a run records, to whom they go, and that running again adds nothing."""

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from luoshi.notify.models import Channel, Delivery, Notification, UnitContact
from luoshi.plans.models import Plan
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise
from luoshi.tests import factories as f

DUE = date(2025, 9, 30)


@pytest.fixture
def due_assignment(task, own_unit, liaison):
    task.deadline = DUE
    task.save(update_fields=["deadline"])
    # Reported in September, so neither 漏报 nor silence interferes with the ladder.
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 9, 1))
    f.ReportFactory(assignment=a, period="2025-09", status="accepted", created_by=liaison)
    a.last_reported_at = datetime(2025, 9, 29, 2, tzinfo=UTC)
    a.save(update_fields=["last_reported_at"])
    return a


def kinds(assignment) -> list[str]:
    return sorted(Notice.objects.filter(assignment=assignment).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 9, 25), []),
        (date(2025, 9, 26), ["reminder"]),
        (date(2025, 10, 8), []),  # the holiday: due passed, but no working day after it yet
        (date(2025, 10, 9), ["chase"]),
        (date(2025, 10, 15), ["warning"]),
        (date(2025, 10, 22), ["escalation"]),
    ],
)
def test_each_day_records_the_step_due(due_assignment, today, expected):
    supervise(today, send=False)
    assert kinds(due_assignment) == expected


def test_the_ladder_climbs_one_notice_per_step_and_a_second_run_adds_nothing(due_assignment):
    for day in (
        date(2025, 9, 26),
        date(2025, 9, 29),
        date(2025, 10, 9),
        date(2025, 10, 15),
        date(2025, 10, 22),
    ):
        supervise(day, send=False)
        supervise(day, send=False)
    assert kinds(due_assignment) == ["chase", "escalation", "reminder", "warning"]
    levels = dict(Notice.objects.values_list("kind", "level"))
    assert levels == {"reminder": 1, "chase": 2, "warning": 3, "escalation": 4}
    assert Notice.objects.filter(dispatched_at__isnull=True).count() == 0


def test_finished_work_is_not_chased(due_assignment):
    type(due_assignment).objects.filter(pk=due_assignment.pk).update(progress=100)
    supervise(date(2025, 10, 9), send=False)
    assert kinds(due_assignment) == []


def test_a_draft_plan_is_not_chased(due_assignment):
    Plan.objects.filter(pk=due_assignment.task.plan_id).update(status=Plan.Status.DRAFT)
    supervise(date(2025, 10, 9), send=False)
    assert kinds(due_assignment) == []


def test_the_chase_goes_to_the_liaison_and_is_copied_to_the_leader_in_charge(
    due_assignment, liaison, supervisor, settings
):
    settings.EMAIL_HOST = "127.0.0.1"
    UnitContact.objects.create(
        unit=due_assignment.unit, leader_name="王副部长", leader_email="wang@example.cn"
    )
    supervise(date(2025, 10, 9), send=False)
    chase = Notice.objects.get(kind="chase")
    sent = Notification.objects.filter(topic=chase.topic)
    assert {n.recipient_name for n in sent} == {str(liaison), "王副部长（分管领导）"}
    inbox = sent.get(recipient=liaison)
    assert inbox.read_at is None and "催办" in inbox.title
    assert inbox.deliveries.get().channel == Channel.IN_APP
    copy = Delivery.objects.get(notification__recipient__isnull=True)
    assert (copy.channel, copy.address, copy.status) == (Channel.EMAIL, "wang@example.cn", "pending")


def test_a_reminder_is_not_copied_to_the_leader(due_assignment, liaison, settings):
    settings.EMAIL_HOST = "127.0.0.1"
    UnitContact.objects.create(
        unit=due_assignment.unit, leader_name="王副部长", leader_email="wang@example.cn"
    )
    supervise(date(2025, 9, 26), send=False)
    assert list(Notification.objects.values_list("recipient_name", flat=True)) == [str(liaison)]


def test_the_escalation_is_proposed_to_the_supervisors_not_the_unit(due_assignment, liaison, supervisor):
    supervise(date(2025, 10, 22), send=False)
    notice = Notice.objects.get(kind="escalation")
    assert list(Notification.objects.filter(topic=notice.topic).values_list("recipient", flat=True)) == [
        supervisor.pk
    ]


def test_a_missing_report_and_a_silence_chase_separately(task, own_unit, liaison):
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 8, 1))
    # Nothing reported since August: September's report (due 14 October) is missing, and 20 working days
    # have passed since the assignment.
    supervise(date(2025, 10, 15), send=False)
    missing = Notice.objects.get(assignment=a, kind="missing_report")
    assert (missing.period, missing.due_on) == ("2025-09", date(2025, 10, 14))
    silence = Notice.objects.get(assignment=a, kind="silence")
    assert silence.due_on == date(2025, 8, 1)
    supervise(date(2025, 10, 16), send=False)
    assert Notice.objects.filter(assignment=a).count() == 2


def test_a_draft_report_does_not_stop_a_missing_report_chase_but_a_submitted_one_does(
    task, own_unit, liaison
):
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 8, 1))
    f.ReportFactory(assignment=a, period="2025-09", status="draft", created_by=liaison)
    supervise(date(2025, 10, 15), send=False)
    assert Notice.objects.filter(assignment=a, kind="missing_report").exists()
    b = f.AssignmentFactory(task=f.TaskFactory(plan=task.plan), unit=own_unit, assigned_on=date(2025, 8, 1))
    f.ReportFactory(assignment=b, period="2025-09", status="submitted", created_by=liaison)
    supervise(date(2025, 10, 15), send=False)
    assert not Notice.objects.filter(assignment=b, kind="missing_report").exists()


def test_a_new_report_ends_a_silence_and_the_next_one_is_chased_again(task, own_unit, liaison):
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 6, 2))
    supervise(date(2025, 7, 15), send=False)
    assert Notice.objects.filter(assignment=a, kind="silence").count() == 1
    a.last_reported_at = datetime(2025, 7, 16, 2, tzinfo=UTC)
    a.save(update_fields=["last_reported_at"])
    supervise(date(2025, 7, 20), send=False)
    assert Notice.objects.filter(assignment=a, kind="silence").count() == 1
    supervise(date(2025, 8, 20), send=False)
    assert list(
        Notice.objects.filter(assignment=a, kind="silence")
        .order_by("due_on")
        .values_list("due_on", flat=True)
    ) == [
        date(2025, 6, 2),
        date(2025, 7, 16),
    ]


def test_the_command_prints_what_it_did(due_assignment, capsys):
    call_command("supervise", "--date", "2025-10-09", "--no-send")
    assert "应督办 1 项" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式"):
        call_command("supervise", "--date", "2025-13-01")
