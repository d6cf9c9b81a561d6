"""An indicator taken from a document (形成调研报告20篇) shows its metric and its target once each."""

from django.urls import reverse

from luoshi.conftest import login
from luoshi.tests import factories as f


def test_the_review_and_edit_pages_show_metric_and_target_once(
    client, supervisor, liaison, own_assignment, task
):
    f.TargetFactory(task=task, metric="形成调研报告20篇", target_value=20, unit="篇")
    report = f.ReportFactory(assignment=own_assignment, status="draft", created_by=liaison)
    edit = login(client, liaison).get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    assert "<td>形成调研报告</td>" in edit and "形成调研报告20篇" not in edit
    report.status = "submitted"
    report.save()
    review = (
        login(client, supervisor).get(reverse("reports:report_review", args=[report.pk])).content.decode()
    )
    assert "<td>形成调研报告</td>" in review and "20篇" in review and "形成调研报告20篇" not in review
