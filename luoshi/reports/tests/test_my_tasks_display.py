"""我的任务 prints strings prepared once per row in Python (queries.display_groups). These pin the HTML each
row state renders to, which is what the template used to compute with per-row {% url %} and {% if %}s."""

import re

from django.urls import reverse
from django.utils import timezone

from luoshi.conftest import login
from luoshi.tests import factories as f

URL = reverse("reports:my_tasks")


def acknowledged(assignment):
    assignment.acknowledged_at = timezone.now()
    assignment.save()
    return assignment


def page(client, liaison) -> str:
    html = login(client, liaison).get(URL).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', html)


def test_an_unacknowledged_row_links_to_acknowledge(client, liaison, new_assignment):
    html = page(client, liaison)
    url = reverse("reports:assignment", args=[new_assignment.pk])
    assert f'<a href="{url}"><span class="code">1</span> {new_assignment.task.title}</a>' in html
    assert f'<a class="btn btn-small btn-primary" href="{url}#acknowledge">签收</a>' in html
    assert '<span class="muted">未报送</span>' in html
    assert '<td class="hide-narrow">牵头</td>' in html


def test_a_rework_draft_says_the_last_version_was_returned(client, liaison, own_assignment):
    acknowledged(own_assignment)
    f.ReportFactory(assignment=own_assignment, status="returned", return_reason="缺<照片>", version=1)
    draft = f.ReportFactory(assignment=own_assignment, status="draft", version=2)
    html = page(client, liaison)
    assert (
        '<span class="muted">草稿</span><br><span class="status-returned small">上一版被退回</span>' in html
    )
    assert "退回理由：缺&lt;照片&gt;" in html  # still escaped
    edit = reverse("reports:report_edit", args=[draft.pk])
    assert f'<a class="btn btn-small btn-primary" href="{edit}">继续填报</a>' in html
    assert 'class="row-returned"' in html


def test_a_returned_report_offers_rework_for_its_period(client, liaison, own_assignment):
    acknowledged(own_assignment)
    f.ReportFactory(assignment=own_assignment, status="returned", period="2025-03")
    html = page(client, liaison)
    start = reverse("reports:report_start", args=[own_assignment.pk])
    assert '<strong class="status-returned">退回</strong> <span class="small muted">2025年3月</span>' in html
    assert (
        f'<form method="post" action="{start}"><input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        '              <input type="hidden" name="period" value="2025-03">\n'
        '              <button class="btn btn-small btn-primary" type="submit">修改重报</button>'
    ) in html


def test_an_accepted_earlier_period_offers_a_new_report(client, liaison, own_assignment):
    acknowledged(own_assignment)
    f.ReportFactory(assignment=own_assignment, status="accepted", period="2020-01")
    html = page(client, liaison)
    start = reverse("reports:report_start", args=[own_assignment.pk])
    assert '<span class="status-accepted">已采纳</span> <span class="small muted">2020年1月</span>' in html
    assert (
        f'<form method="post" action="{start}"><input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        '              <button class="btn btn-small" type="submit">填报</button>'
    ) in html


def test_a_report_of_the_current_period_is_shown_not_restarted(client, liaison, own_assignment, plan):
    from luoshi.reports.services import current_period

    acknowledged(own_assignment)
    report = f.ReportFactory(assignment=own_assignment, status="submitted", period=current_period(plan))
    html = page(client, liaison)
    review = reverse("reports:report_review", args=[report.pk])
    assert f'<a class="btn btn-small" href="{review}">查看</a>' in html
    assert '<span class="status-submitted">已报送</span>' in html


def test_badges_progress_and_lights(client, liaison, own_assignment):
    own_assignment.task.tier = "key"
    own_assignment.task.save()
    own_assignment.progress = 37.5
    own_assignment.light = "yellow"
    own_assignment.save()
    html = page(client, liaison)
    assert '<span class="badge tier-key">重点</span>' in html
    assert '<div class="progress" title="37.5%"><span class="w-38"></span></div>' in html
    assert '<span class="light light-yellow" title="黄灯" aria-label="黄灯"></span>' in html


def test_links_follow_the_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix

    from luoshi.reports.queries import _url_pattern

    before = get_script_prefix()
    set_script_prefix("/luoshi/")
    try:
        assert _url_pattern("reports:report_edit")(42) == reverse("reports:report_edit", args=[42])
        assert reverse("reports:report_edit", args=[42]).startswith("/luoshi/")
    finally:
        set_script_prefix(before)
