"""Two steps of the ladder beside the plain one: major (特急) work starts one step higher once overdue, and
work not acknowledged by its 签收 day is chased once (2025's National Day holiday: 1–8 October off,
Sunday 28 September and Saturday 11 October worked)."""

from datetime import UTC, date, datetime

import pytest

from luoshi.notify.models import Notification, UnitContact
from luoshi.plans import urgency
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise
from luoshi.tests import factories as f

DUE = date(2025, 9, 30)


@pytest.fixture
def extra_urgent():
    """Make the assignments in `ids` 特急, the way `luoshi.items` says so for its items."""
    ids: set[int] = set()

    def provider(assignment_ids):
        return {pk: urgency.Urgency.EXTRA_URGENT.value for pk in assignment_ids if pk in ids}

    urgency.register(provider)
    yield ids
    urgency.unregister(provider)


@pytest.fixture
def due_assignment(task, own_unit, liaison):
    task.deadline = DUE
    task.save(update_fields=["deadline"])
    a = f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True, assigned_on=date(2025, 9, 1))
    f.ReportFactory(assignment=a, period="2025-09", status="accepted", created_by=liaison)
    a.last_reported_at = datetime(2025, 9, 29, 2, tzinfo=UTC)
    a.save(update_fields=["last_reported_at"])
    return a


def kinds(assignment, *only) -> list[str]:
    rows = Notice.objects.filter(assignment=assignment)
    if only:
        rows = rows.filter(kind__in=only)
    return sorted(rows.values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("today", "plain", "major"),
    [
        (date(2025, 9, 26), ["reminder"], ["reminder"]),  # reminded before the due day like any work
        (date(2025, 10, 9), ["chase"], ["warning"]),  # the day after: warned at once
        (date(2025, 10, 15), ["warning"], ["escalation"]),
        (date(2025, 10, 22), ["escalation"], ["escalation"]),
    ],
)
def test_major_work_starts_one_step_higher(due_assignment, extra_urgent, today, plain, major):
    supervise(today, send=False)
    assert kinds(due_assignment) == plain
    Notice.objects.all().delete()
    extra_urgent.add(due_assignment.pk)
    supervise(today, send=False)
    assert kinds(due_assignment) == major


def test_the_major_warning_goes_to_the_leader_in_charge_and_climbs_once(
    due_assignment, extra_urgent, liaison, settings
):
    settings.EMAIL_HOST = "127.0.0.1"  # the leader in charge is reached by e-mail
    UnitContact.objects.create(
        unit=due_assignment.unit, leader_name="李副局长", leader_email="li@example.org"
    )
    extra_urgent.add(due_assignment.pk)
    for day in (date(2025, 10, 9), date(2025, 10, 9), date(2025, 10, 15), date(2025, 10, 22)):
        supervise(day, send=False)
    assert kinds(due_assignment) == ["escalation", "warning"]
    warning = Notice.objects.get(assignment=due_assignment, kind="warning")
    assert warning.level == 3
    names = set(Notification.objects.filter(topic=warning.topic).values_list("recipient_name", flat=True))
    assert names == {str(liaison), "李副局长（分管领导）"}


@pytest.fixture
def unacknowledged(task, own_unit, liaison):
    task.deadline = date(2025, 12, 31)
    task.save(update_fields=["deadline"])
    # Friday 26 September: 签收 is due one working day later, on the make-up Sunday the 28th.
    return f.AssignmentFactory(task=task, unit=own_unit, assigned_on=date(2025, 9, 26))


def test_work_not_acknowledged_by_its_day_is_chased_once(unacknowledged, liaison):
    supervise(date(2025, 9, 28), send=False)
    assert kinds(unacknowledged, "acknowledge") == []
    supervise(date(2025, 9, 29))
    supervise(date(2025, 9, 29))
    supervise(date(2025, 10, 9))
    notice = Notice.objects.get(assignment=unacknowledged, kind="acknowledge")
    assert (notice.due_on, notice.level, notice.colour) == (date(2025, 9, 28), 2, "yellow")
    sent = Notification.objects.get(topic=notice.topic)
    assert sent.recipient == liaison and "签收催办" in sent.title and "2025年9月28日前签收" in sent.body


def test_extra_urgent_work_is_due_for_signing_the_same_day(unacknowledged, extra_urgent):
    extra_urgent.add(unacknowledged.pk)
    supervise(date(2025, 9, 26), send=False)
    assert kinds(unacknowledged, "acknowledge") == []
    supervise(date(2025, 9, 27), send=False)
    assert Notice.objects.get(assignment=unacknowledged, kind="acknowledge").due_on == date(2025, 9, 26)


def test_acknowledged_work_is_not_chased_for_signing(unacknowledged, liaison):
    unacknowledged.acknowledged_at = datetime(2025, 9, 29, 1, tzinfo=UTC)
    unacknowledged.save(update_fields=["acknowledged_at"])
    supervise(date(2025, 10, 9), send=False)
    assert kinds(unacknowledged, "acknowledge") == []


def test_signing_is_counted_from_the_plans_publication(unacknowledged):
    plan = unacknowledged.task.plan
    plan.published_at = datetime(2025, 10, 9, 2, tzinfo=UTC)
    plan.save(update_fields=["published_at"])
    supervise(date(2025, 10, 9), send=False)
    assert kinds(unacknowledged, "acknowledge") == []
    supervise(date(2025, 10, 10), send=False)  # 签收 is due on Friday the 10th
    assert kinds(unacknowledged, "acknowledge") == []
    supervise(date(2025, 10, 11), send=False)  # chased on the make-up Saturday
    assert Notice.objects.get(assignment=unacknowledged, kind="acknowledge").due_on == date(2025, 10, 10)
