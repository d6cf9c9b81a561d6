"""The search page: finds by words and codes, only within the person's scope, highlights and pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.conftest import login
from luoshi.search import queries
from luoshi.search.queries import Kind
from luoshi.search.templatetags.search_marks import excerpt, highlight
from luoshi.tests import factories as f


@pytest.fixture
def reports(own_assignment, other_assignment, liaison, other_liaison):
    own = f.ReportFactory(
        assignment=own_assignment,
        status="accepted",
        period="2025-03",
        narrative="本月组织民营经济人士培训三场，参训人员一百二十人次。",
    )
    other = f.ReportFactory(
        assignment=other_assignment,
        status="returned",
        period="2025-03",
        narrative="开展民营企业走访调研，形成调研报告两篇。",
        return_reason="请补充培训签到表",
    )
    return own, other


def _get(client, **params):
    return client.get(reverse("search:search"), params)


def test_terms_are_split_on_ascii_and_ideographic_spaces_and_bounded():
    assert queries.terms_of("  凝心\u3000工程  凝心 ") == ["凝心", "工程"]
    assert len(queries.terms_of(" ".join(str(i) for i in range(20)))) == queries.MAX_TERMS
    assert queries.terms_of("长" * 80) == ["长" * queries.MAX_TERM_LENGTH]


def test_it_finds_tasks_by_words_and_by_code(client, supervisor, task, other_task):
    login(client, supervisor)
    page = _get(client, q="凝心").content.decode()
    assert "<mark>凝心</mark>" in page
    assert "聚力" not in page
    by_code = queries.search(supervisor, ["2"], Kind.TASKS)
    assert other_task in by_code


def test_every_word_must_be_found(supervisor, task, other_task):
    assert list(queries.search(supervisor, ["深化", "凝心"], Kind.TASKS)) == [task]
    assert list(queries.search(supervisor, ["深化", "没有的词"], Kind.TASKS)) == []


def test_it_finds_reports_by_narrative_and_return_reason(supervisor, reports):
    own, other = reports
    assert list(queries.search(supervisor, ["民营"], Kind.REPORTS).order_by("pk")) == [own, other]
    assert list(queries.search(supervisor, ["签到表"], Kind.REPORTS)) == [other]


def test_a_liaison_finds_only_their_own_units_things(client, liaison, reports, other_unit, own_unit):
    own, other = reports
    assert list(queries.search(liaison, ["民营"], Kind.REPORTS)) == [own]
    assert list(queries.search(liaison, ["聚力"], Kind.TASKS)) == []
    assert list(queries.search(liaison, ["统战部"], Kind.UNITS)) == [own_unit]
    assert Kind.PLANS not in queries.kinds_for(liaison)
    login(client, liaison)
    page = _get(client, q="民营", kind="reports").content.decode()
    assert "培训三场" in page and "走访调研" not in page
    # Naming another unit in the link finds nothing of it: the unit is not in the liaison's scope.
    page = _get(client, unit=other_unit.pk, kind="reports").content.decode()
    assert "走访调研" not in page


def test_another_deploying_unit_finds_nothing_of_ours(other_supervisor, reports, task):
    for kind in Kind:
        assert not queries.search(other_supervisor, ["凝心"], kind).exists()
        assert not queries.search(other_supervisor, ["民营"], kind).exists()


def test_report_drafts_stay_hidden_from_the_supervisor(supervisor, liaison, own_assignment):
    f.ReportFactory(assignment=own_assignment, status="draft", narrative="尚未报送的草稿内容")
    assert not queries.search(supervisor, ["草稿内容"], Kind.REPORTS).exists()
    assert queries.search(liaison, ["草稿内容"], Kind.REPORTS).exists()


def test_a_unit_result_leads_to_that_units_reports(client, supervisor, reports, own_unit):
    login(client, supervisor)
    page = _get(client, q=own_unit.name, kind="units").content.decode()
    assert f"?unit={own_unit.pk}&amp;kind=reports" in page
    page = _get(client, unit=own_unit.pk, kind="reports").content.decode()
    assert "培训三场" in page and "走访调研" not in page
    assert reverse("reports:report_review", args=[reports[0].pk]) in page


def test_results_link_to_the_task_and_report_pages(client, supervisor, reports, task):
    login(client, supervisor)
    page = _get(client, q="民营", kind="reports").content.decode()
    assert reverse("reports:report_review", args=[reports[0].pk]) in page
    assert reverse("plans:task", args=[task.pk]) in page


def test_results_are_paged_in_a_fixed_number_of_queries(
    client, supervisor, plan, own_unit, django_assert_max_num_queries
):
    for i in range(45):
        f.TaskFactory(plan=plan, title=f"调研课题{i:02d}")
    login(client, supervisor)
    with django_assert_max_num_queries(14):
        page = _get(client, q="调研课题", page=3).content.decode()
    assert "第 3 / 3 页，共 45 条" in page
    assert page.count("<mark>调研课题</mark>") == 5


def test_hostile_text_is_escaped_around_the_marks():
    assert str(highlight("<b>凝心</b>工程", ["凝心"])) == "&lt;b&gt;<mark>凝心</mark>&lt;/b&gt;工程"
    assert str(highlight("a<b", ["<"])) == "a<mark>&lt;</mark>b"


def test_an_excerpt_shows_the_words_around_the_first_match():
    text = "甲" * 200 + "关键" + "乙" * 200
    cut = excerpt(text, ["关键"], around=10)
    assert cut == "…" + "甲" * 10 + "关键" + "乙" * 20 + "…"


def test_an_empty_query_shows_the_box_only(client, supervisor, task):
    login(client, supervisor)
    page = _get(client).content.decode()
    assert 'name="q"' in page and "search-results" not in page


def test_a_bad_unit_parameter_is_ignored(client, supervisor, task):
    login(client, supervisor)
    assert _get(client, q="凝心", unit="abc").status_code == 200
