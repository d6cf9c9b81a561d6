"""Report scoping follows assignment scoping."""

from luoshi.reports.models import Report


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_liaison_sees_and_works_only_own_units_reports(liaison, own_report, other_report):
    assert ids(Report.objects.visible_to(liaison)) == {own_report.pk}
    assert ids(Report.objects.workable_by(liaison)) == {own_report.pk}
    assert not Report.objects.reviewable_by(liaison).exists()


def test_supervisor_reviews_own_deploying_units_reports(supervisor, own_report, other_report):
    assert ids(Report.objects.reviewable_by(supervisor)) == {own_report.pk, other_report.pk}
    assert not Report.objects.workable_by(supervisor).exists()


def test_other_supervisor_reviews_none_of_them(other_supervisor, own_report, other_report):
    assert not Report.objects.reviewable_by(other_supervisor).exists()
    assert not Report.objects.visible_to(other_supervisor).exists()


def test_leader_reads_but_neither_writes_nor_reviews(leader, own_report, other_report):
    assert ids(Report.objects.visible_to(leader)) == {own_report.pk, other_report.pk}
    assert not Report.objects.workable_by(leader).exists()
    assert not Report.objects.reviewable_by(leader).exists()


def test_administrators_see_no_reports(sysadmin, own_report):
    assert not Report.objects.visible_to(sysadmin).exists()
