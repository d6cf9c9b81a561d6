"""The assign page narrows its unit list by kind and name, swaps it by htmx, and never hides a ticked unit."""

import pytest
from django.urls import reverse

from luoshi.conftest import login
from luoshi.org.models import Unit
from luoshi.plans.views import assign
from luoshi.tests import factories as f


@pytest.fixture
def units(city, own_unit, other_unit):
    """Under 市委统战部: 江岸区, 江汉区 (区), two streets and a party, in official order."""
    return {
        "street_a": f.UnitFactory(
            name="江岸区大智街道", short_name="大智街", kind=Unit.Kind.STREET, parent=own_unit, order=10
        ),
        "street_b": f.UnitFactory(
            name="江汉区民族街道",
            short_name="民族街",
            kind=Unit.Kind.STREET,
            parent=other_unit,
            order=11,
            aliases="民族街办",
        ),
        "party": f.UnitFactory(
            name="民革市委会", short_name="民革", kind=Unit.Kind.PARTY, parent=city, order=5
        ),
    }


def names(response) -> list[str]:
    return [row["unit"].display_name for _, rows in response.context["groups"] for row in rows]


def url(task, **params) -> str:
    from urllib.parse import urlencode

    return reverse("plans:task_assign", args=[task.pk]) + (
        f"?{urlencode(params, doseq=True)}" if params else ""
    )


def test_kind_filter_lists_only_that_kind_plus_assigned_units(client, supervisor, task, units, own_unit):
    f.AssignmentFactory(task=task, unit=own_unit)
    r = login(client, supervisor).get(url(task, kind="street"))
    assert names(r) == ["江岸区", "大智街", "民族街"]  # 区 first (kind order), then the streets in order
    row = r.context["groups"][0][1][0]
    assert row["lead"] and row["outside_filter"]
    html = r.content.decode()
    assert "符合条件的单位 2 个" in html
    assert 'value="street" selected' in html


def test_name_search_matches_full_short_and_alias_names(client, supervisor, task, units):
    login(client, supervisor)
    assert names(client.get(url(task, q="民革市委"))) == ["民革"]
    assert names(client.get(url(task, q="大智街"))) == ["大智街"]
    assert names(client.get(url(task, q="民族街办"))) == ["民族街"]
    r = client.get(url(task, q="不存在的单位"))
    assert names(r) == [] and "没有符合条件的单位" in r.content.decode()


def test_an_unknown_kind_is_ignored(client, supervisor, task, units):
    r = login(client, supervisor).get(url(task, kind="planet"))
    assert len(names(r)) == 6  # the whole subtree


def test_htmx_filter_returns_the_list_keeping_unsaved_ticks(client, supervisor, task, units, own_unit):
    f.AssignmentFactory(task=task, unit=own_unit)  # saved: 江岸区 leads
    party = units["party"]
    r = login(client, supervisor).get(
        url(task, kind="street", q="民族", picked="1", co=[party.pk]), HTTP_HX_REQUEST="true"
    )
    html = r.content.decode()
    assert "<html" not in html and 'id="assign-units"' not in html  # only the list
    assert names(r) == ["民革", "民族街"]  # 江岸区 was unticked on the page; 民革 ticked as co
    assert [row["co"] for _, rows in r.context["groups"] for row in rows] == [True, False]
    assert (
        r["HX-Push-Url"] == reverse("plans:task_assign", args=[task.pk]) + "?kind=street&q=%E6%B0%91%E6%97%8F"
    )


def test_saving_from_a_filtered_page_keeps_ticked_units_outside_the_filter(
    client, supervisor, task, units, own_unit
):
    f.AssignmentFactory(task=task, unit=own_unit)
    street = units["street_a"]
    r = login(client, supervisor).post(url(task, kind="street"), {"lead": [own_unit.pk], "co": [street.pk]})
    assert r.status_code == 302
    assert set(task.assignments.values_list("unit", "role")) == {(own_unit.pk, "lead"), (street.pk, "co")}


def test_a_failed_save_keeps_the_filter_and_the_posted_ticks(client, supervisor, task, units, own_unit):
    r = login(client, supervisor).post(url(task, kind="party"), {"lead": [own_unit.pk], "co": [own_unit.pk]})
    assert r.status_code == 200
    assert "同一单位不能既牵头又配合" in r.content.decode()
    assert names(r) == ["江岸区", "民革"]


def test_a_long_list_is_cut_with_a_note_but_ticked_units_stay(
    client, supervisor, task, units, city, monkeypatch
):
    monkeypatch.setattr(assign, "SHOW_LIMIT", 3)
    last = f.UnitFactory(name="最后一个单位", short_name="", kind=Unit.Kind.COMMUNITY, parent=city, order=99)
    f.AssignmentFactory(task=task, unit=last, role="co")
    r = login(client, supervisor).get(url(task))
    assert names(r) == ["市委统战部", "江岸区", "江汉区", "最后一个单位"]
    html = r.content.decode()
    assert "共 7 个单位，仅列出前 3 个，请按类别或名称筛选" in html


def test_the_page_takes_the_same_queries_for_few_and_many_units(client, supervisor, task, city, own_unit):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(task, kind="street", q="街")).status_code == 200
            assert client.get(url(task)).status_code == 200
        return len(ctx)

    login(client, supervisor)
    f.AssignmentFactory(task=task, unit=own_unit)
    few = count()
    for n in range(60):
        unit = f.UnitFactory(name=f"第{n}街道", kind=Unit.Kind.STREET, parent=own_unit)
        if n % 10 == 0:
            f.AssignmentFactory(task=task, unit=unit, role="co")
    assert count() == few
    assert few <= 20  # 9 a page: session, user, task, assignments, deploying unit, kinds, matching,
    # ticked, nav unit; and on a whole page the header's unread-notification count
