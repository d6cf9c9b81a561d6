"""A report's life: draft → submitted → returned (new version) or accepted; every version kept; two people
saving the same draft do not overwrite each other."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.plans.models import Assignment, Plan
from luoshi.plans.progress.lights import Light
from luoshi.reports import services
from luoshi.reports.models import Report
from luoshi.reports.services import ServiceError
from luoshi.tests import factories as f

PERIOD = "2025-03"


@pytest.fixture
def draft(liaison, own_assignment):
    return services.start_report(Actor(liaison), own_assignment, period=PERIOD)


def submitted(liaison, draft, percent=40):
    services.save_draft(
        Actor(liaison), draft, revision=draft.revision, narrative="已完成培训两期。", percent=percent
    )
    return services.submit_report(Actor(liaison), draft, revision=draft.revision)


def test_current_period_monthly_and_quarterly():
    monthly, quarterly = Plan(period="monthly"), Plan(period="quarterly")
    assert services.current_period(monthly, date(2025, 3, 8)) == "2025-03"
    assert services.current_period(quarterly, date(2025, 3, 31)) == "2025-Q1"
    assert services.current_period(quarterly, date(2025, 10, 1)) == "2025-Q4"


def test_start_report_creates_a_draft_once(liaison, own_assignment):
    first = services.start_report(Actor(liaison), own_assignment, period=PERIOD)
    again = services.start_report(Actor(liaison), own_assignment, period=PERIOD)
    assert first.pk == again.pk and first.status == Report.Status.DRAFT and first.version == 1
    assert AuditEntry.objects.filter(action="start_report").count() == 1


def test_start_report_rejects_a_malformed_period(liaison, own_assignment):
    with pytest.raises(ServiceError, match="格式"):
        services.start_report(Actor(liaison), own_assignment, period="2025-Q1")


def test_start_report_refused_once_submitted(liaison, draft):
    submitted(liaison, draft)
    with pytest.raises(ServiceError, match="已报送"):
        services.start_report(Actor(liaison), draft.assignment, period=PERIOD)


def test_other_unit_cannot_report(other_liaison, own_assignment):
    with pytest.raises(ServiceError, match="无权"):
        services.start_report(Actor(other_liaison), own_assignment, period=PERIOD)


def test_save_draft_bumps_revision_and_audits(liaison, draft):
    target = f.TargetFactory(task=draft.assignment.task)
    services.save_draft(
        Actor(liaison), draft, revision=0, narrative="进展", percent=30, values={str(target.pk): "120"}
    )
    assert draft.revision == 1 and draft.percent == 30
    assert draft.values.get().actual_value == Decimal("120.00")
    entry = AuditEntry.objects.get(action="save_draft")
    assert entry.before["narrative"] == "" and entry.after["narrative"] == "进展"
    assert entry.after["values"] == {str(target.pk): "120.00"}


def test_two_people_saving_the_same_draft(liaison, own_unit, draft):
    colleague = f.UserFactory(role="liaison", unit=own_unit)
    mine = Report.objects.get(pk=draft.pk)
    theirs = Report.objects.get(pk=draft.pk)  # both editors loaded revision 0
    services.save_draft(Actor(liaison), mine, revision=0, narrative="我的版本", percent=40)
    with pytest.raises(ServiceError, match="已被他人修改"):
        services.save_draft(Actor(colleague), theirs, revision=0, narrative="他的版本", percent=10)
    draft.refresh_from_db()
    assert (draft.narrative, draft.percent, draft.revision) == ("我的版本", 40, 1)
    assert AuditEntry.objects.filter(action="save_draft").count() == 1


def test_submit_with_a_stale_revision_is_refused(liaison, draft):
    stale = draft.revision
    services.save_draft(Actor(liaison), draft, revision=stale, narrative="进展", percent=40)
    with pytest.raises(ServiceError, match="已被他人修改"):
        services.submit_report(Actor(liaison), draft, revision=stale)
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT


def test_save_draft_validates(liaison, draft):
    with pytest.raises(ServiceError, match="0到100"):
        services.save_draft(Actor(liaison), draft, revision=0, narrative="", percent=120)
    other_target = f.TargetFactory()
    with pytest.raises(ServiceError, match="不属于"):
        services.save_draft(
            Actor(liaison), draft, revision=0, narrative="", percent=1, values={other_target.pk: 1}
        )


def test_submit_requires_a_narrative(liaison, draft):
    with pytest.raises(ServiceError, match="工作进展"):
        services.submit_report(Actor(liaison), draft)


def test_submit_sets_status_and_assignment(liaison, draft):
    submitted(liaison, draft)
    draft.assignment.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED and draft.submitted_by == liaison and draft.submitted_at
    assert draft.assignment.latest_report_status == "submitted" and draft.assignment.last_reported_at
    entry = AuditEntry.objects.get(action="submit_report")
    assert entry.before["status"] == "draft" and entry.after["status"] == "submitted"
    with pytest.raises(ServiceError, match="只有草稿"):
        services.save_draft(Actor(liaison), draft, revision=draft.revision, narrative="改", percent=1)


def test_supervisor_returns_with_a_reason(supervisor, liaison, draft):
    draft.assignment.task.__class__.objects.filter(pk=draft.assignment.task_id).update(deadline=None)
    Assignment.objects.filter(pk=draft.assignment_id).update(due_on=None)
    submitted(liaison, draft)
    with pytest.raises(ServiceError, match="退回理由"):
        services.return_report(Actor(supervisor), draft, reason=" ")
    services.return_report(Actor(supervisor), draft, reason="缺少佐证材料")
    draft.assignment.refresh_from_db()
    assert draft.status == Report.Status.RETURNED and draft.return_reason == "缺少佐证材料"
    assert draft.assignment.returns_in_a_row == 1 and draft.assignment.latest_report_status == "returned"
    assert draft.assignment.light == Light.YELLOW
    entry = AuditEntry.objects.get(action="return_report")
    assert entry.before["status"] == "submitted" and entry.after["return_reason"] == "缺少佐证材料"


def test_versions_are_kept_after_return_and_resubmit(supervisor, liaison, draft):
    target = f.TargetFactory(task=draft.assignment.task)
    services.save_draft(
        Actor(liaison), draft, revision=0, narrative="第一版", percent=40, values={target.pk: 5}
    )
    services.submit_report(Actor(liaison), draft)
    services.return_report(Actor(supervisor), draft, reason="数据不实")
    first = Report.objects.get(pk=draft.pk)
    first_picture = (first.narrative, first.percent, first.status, first.revision, first.return_reason)

    second = services.start_report(Actor(liaison), draft.assignment, period=PERIOD)
    assert second.version == 2 and second.status == Report.Status.DRAFT
    assert (second.narrative, second.percent) == ("第一版", 40)
    assert second.values.get().actual_value == Decimal(5)
    services.save_draft(Actor(liaison), second, revision=second.revision, narrative="第二版", percent=50)
    services.submit_report(Actor(liaison), second)

    rows = Report.objects.filter(assignment=draft.assignment, period=PERIOD).order_by("version")
    assert [r.version for r in rows] == [1, 2]
    first.refresh_from_db()
    assert (
        first.narrative,
        first.percent,
        first.status,
        first.revision,
        first.return_reason,
    ) == first_picture
    assert first.values.get().actual_value == Decimal(5)


def test_accept_sets_progress_and_lights(supervisor, liaison, draft):
    submitted(liaison, draft)
    services.return_report(Actor(supervisor), draft, reason="补充")
    second = services.start_report(Actor(liaison), draft.assignment, period=PERIOD)
    submitted(liaison, second, percent=100)
    services.accept_report(Actor(supervisor), second)
    assignment = second.assignment
    assignment.refresh_from_db()
    assignment.task.refresh_from_db()
    assert second.status == Report.Status.ACCEPTED and second.reviewed_by == supervisor
    assert assignment.progress == Decimal(100) and assignment.returns_in_a_row == 0
    assert assignment.latest_report_status == "accepted" and assignment.light == Light.GREEN
    assert assignment.task.progress == Decimal(100) and assignment.task.light == Light.GREEN
    entry = AuditEntry.objects.get(action="accept_report")
    assert entry.before["status"] == "submitted" and entry.after["status"] == "accepted"


def test_accept_rolls_up_to_the_parent(supervisor, liaison, plan, own_unit):
    root = f.TaskFactory(plan=plan, code="5")
    leaf = f.TaskFactory(plan=plan, parent=root, code="5.1", depth=2)
    f.TaskFactory(plan=plan, parent=root, code="5.2", depth=2)
    assignment = f.AssignmentFactory(task=leaf, unit=own_unit, acknowledged=True)
    report = services.start_report(Actor(liaison), assignment, period=PERIOD)
    submitted(liaison, report, percent=60)
    services.accept_report(Actor(supervisor), report)
    root.refresh_from_db()
    assert root.progress == Decimal("30.00")


def test_an_unacknowledged_assignment_cannot_be_reported_on(liaison, new_assignment):
    with pytest.raises(ServiceError, match="请先签收"):
        services.start_report(Actor(liaison), new_assignment, period=PERIOD)
    assert not Report.objects.exists()


def test_resubmitting_lifts_the_returns_from_the_light(supervisor, liaison, draft):
    """Twice returned is red; once version 3 is submitted the light follows the work again."""
    Assignment.objects.filter(pk=draft.assignment_id).update(due_on=None)
    for reason in ("缺少佐证材料", "数据不全"):
        report = services.start_report(Actor(liaison), draft.assignment, period=draft.period)
        submitted(liaison, report)
        services.return_report(Actor(supervisor), report, reason=reason)
    assignment = Assignment.objects.get(pk=draft.assignment_id)
    assert assignment.returns_in_a_row == 2 and assignment.light == Light.RED
    third = services.start_report(Actor(liaison), assignment, period=draft.period)
    submitted(liaison, third)
    assignment.refresh_from_db()
    assert assignment.light == Light.GREEN and assignment.returns_in_a_row == 2
    services.return_report(Actor(supervisor), third, reason="仍不完整")
    assignment.refresh_from_db()
    assert assignment.returns_in_a_row == 3 and assignment.light == Light.RED


def test_review_is_refused_unless_submitted(supervisor, draft):
    with pytest.raises(ServiceError, match="只有已报送"):
        services.accept_report(Actor(supervisor), draft)


@pytest.mark.parametrize("who", ["other_supervisor", "liaison", "leader"])
def test_only_the_deploying_units_supervisor_reviews(request, who, own_report):
    user = request.getfixturevalue(who)
    with pytest.raises(ServiceError, match="无权"):
        services.accept_report(Actor(user), own_report)
    with pytest.raises(ServiceError, match="无权"):
        services.return_report(Actor(user), own_report, reason="x")
    own_report.refresh_from_db()
    assert own_report.status == Report.Status.SUBMITTED


def test_accepting_twice_is_refused(supervisor, own_report):
    services.accept_report(Actor(supervisor), own_report)
    stale = Report.objects.get(pk=own_report.pk)
    with pytest.raises(ServiceError):
        services.accept_report(Actor(supervisor), stale)
    assert AuditEntry.objects.filter(action="accept_report").count() == 1


def test_late_acceptance_of_an_older_period_keeps_newer_progress(supervisor, own_assignment):
    newer = f.ReportFactory(assignment=own_assignment, period="2025-05", status="submitted", percent=70)
    older = f.ReportFactory(assignment=own_assignment, period="2025-04", status="submitted", percent=50)
    services.accept_report(Actor(supervisor), newer)
    services.accept_report(Actor(supervisor), older)
    own_assignment.refresh_from_db()
    assert own_assignment.progress == Decimal(70)


def test_current_period_uses_the_shanghai_date():
    import datetime
    from unittest import mock

    # 2025-03-31 17:00 UTC is already 1 April in Shanghai.
    instant = datetime.datetime(2025, 3, 31, 17, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=instant):
        assert services.current_period(Plan(period="monthly")) == "2025-04"
