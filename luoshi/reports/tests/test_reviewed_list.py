"""已审核: a report that left the review queue is found again, by unit, period, decision and reviewer, and
only within the supervisor's own plans."""

from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.tests import factories as f

URL = reverse("reports:reviewed")


def decided(assignment, period, status, reviewer, reason=""):
    return f.ReportFactory(
        assignment=assignment,
        period=period,
        status=status,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
        return_reason=reason,
    )


def test_reviewed_reports_are_listed_and_filtered(client, supervisor, own_assignment, other_assignment):
    accepted = decided(own_assignment, "2025-01", "accepted", supervisor)
    returned = decided(other_assignment, "2025-02", "returned", supervisor, "佐证材料不全")
    waiting = f.ReportFactory(assignment=own_assignment, period="2025-03", status="submitted")
    login(client, supervisor)

    html = client.get(URL).content.decode()
    assert reverse("reports:report_review", args=[accepted.pk]) in html
    assert reverse("reports:report_review", args=[returned.pk]) in html
    assert reverse("reports:report_review", args=[waiting.pk]) not in html  # still in the queue
    assert "佐证材料不全" in html

    def shown(**params):
        return [r.pk for r in client.get(URL, params).context["page"].object_list]

    assert shown(status="returned") == [returned.pk]
    assert shown(unit=own_assignment.unit_id) == [accepted.pk]
    assert shown(period="2025-02") == [returned.pk]
    assert set(shown(reviewer=supervisor.pk)) == {accepted.pk, returned.pk}


def test_another_deploying_units_supervisor_sees_none_of_them(
    client, other_supervisor, supervisor, own_assignment
):
    decided(own_assignment, "2025-01", "accepted", supervisor)
    response = login(client, other_supervisor).get(URL)
    assert list(response.context["page"].object_list) == []


def test_the_review_queue_leads_to_the_reviewed_list(client, supervisor):
    assert URL in login(client, supervisor).get(reverse("reports:review_queue")).content.decode()


def test_queries_do_not_grow_with_reports(client, supervisor, own_assignment, django_assert_max_num_queries):
    for month in range(1, 13):
        decided(own_assignment, f"2025-{month:02d}", "accepted", supervisor)
    login(client, supervisor)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
