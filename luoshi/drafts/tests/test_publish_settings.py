"""The settings step before publishing (issue 11): year, start date, report period, roll-up rule and weights
by tier are shown before the final publish, refused in Chinese when wrong, and stored on the plan."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.services.publishing import PublishSettings
from luoshi.plans.models import Plan, Task
from luoshi.tests.factories import lead_unassigned
from luoshi.workdays.models import working_days

GOOD = {
    "year": "2025",
    "starts_on": "2025-02-01",
    "period": "quarterly",
    "rollup": "mean",
    "weight_routine": "1",
    "weight_key": "2",
    "weight_highlight": "3.5",
}


@pytest.fixture
def sv(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def ready(actor, draft, own_unit):
    """The sample draft with every problem resolved, its first top-level item 重点."""
    node = T.get(draft.tree, draft.tree[0]["children"][0]["id"])
    draft = services.resolve_unknown_unit(actor, draft, node["id"], "市侨联", None)
    draft = lead_unassigned(actor, draft, own_unit)
    leaf = draft.tree[0]["children"][1]["id"]
    return services.set_tier(actor, draft, leaf, "key", revision=draft.revision)


def test_publishing_shows_the_settings_first_with_the_drafts_year(sv, ready):
    page = sv.get(reverse("drafts:publish", args=[ready.pk])).content.decode()
    for words in ("发布设置", "年度", "起始日期", "报送周期", "进度汇总方式", "重点任务权重", "确认发布"):
        assert words in page
    assert 'name="year" type="number" min="2000" max="2100" required value="2025"' in page
    assert not Plan.objects.exists()


def test_the_editor_leads_to_the_settings_step_not_straight_to_publishing(sv, ready):
    page = sv.get(reverse("drafts:edit", args=[ready.pk])).content.decode()
    assert f'href="{reverse("drafts:publish", args=[ready.pk])}"' in page
    assert f'action="{reverse("drafts:publish", args=[ready.pk])}"' not in page


def test_the_settings_are_stored_on_the_plan_and_weights_follow_the_tiers(sv, ready):
    response = sv.post(reverse("drafts:publish", args=[ready.pk]), GOOD)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.year, plan.starts_on, plan.period, plan.rollup) == (
        2025,
        date(2025, 2, 1),
        "quarterly",
        "mean",
    )
    assert plan.tier_weights == {"routine": "1", "key": "2", "highlight": "3.5"}
    weights = {t.title[:4]: (t.tier, t.weight) for t in plan.tasks.all()}
    assert weights["健全工作"] == ("key", Decimal("2"))
    assert weights["深化理论"] == ("routine", Decimal("1"))


def test_an_items_own_weight_is_kept(actor, sv, ready):
    leaf = ready.tree[0]["children"][1]
    ready = services.set_content(
        actor, ready, leaf["id"], text=leaf["text"], weight="5", targets=[], revision=ready.revision
    )
    sv.post(reverse("drafts:publish", args=[ready.pk]), GOOD)
    assert Task.objects.get(title__startswith="健全工作").weight == Decimal("5")


@pytest.mark.parametrize(
    "change,message",
    [
        ({"year": "1999"}, "年度应在2000年至2100年之间。"),
        ({"year": "二〇二五"}, "年度应为四位年份。"),
        ({"starts_on": "2023-05-01"}, "起始日期应在2025年内"),
        ({"starts_on": "2025-13-01"}, "起始日期格式不对"),
        ({"period": "weekly"}, "请选择报送周期。"),
        ({"rollup": ""}, "请选择进度汇总方式。"),
        ({"weight_key": "两"}, "重点任务的权重应为数字。"),
        ({"weight_key": "0"}, "重点任务的权重应大于0。"),
        ({"weight_highlight": "-1"}, "亮点任务的权重不能小于0。"),
        ({"weight_routine": ""}, "请填写例行任务的权重。"),
    ],
)
def test_bad_settings_are_refused_in_chinese_and_nothing_is_published(sv, ready, change, message):
    response = sv.post(reverse("drafts:publish", args=[ready.pk]), GOOD | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Plan.objects.exists()
    ready.refresh_from_db()
    assert ready.is_editing


def test_another_year_re_dates_the_deadlines_read_from_words(sv, ready):
    sv.post(reverse("drafts:publish", args=[ready.pk]), GOOD | {"year": "2026", "starts_on": "2026-01-01"})
    plan = Plan.objects.get()
    assert plan.year == 2026
    assert Task.objects.get(title__startswith="深化理论").deadline == date(2026, 6, 30)  # 6月底前
    assert Task.objects.get(title__startswith="健全工作").deadline == date(2026, 12, 31)  # 年底前


def test_the_service_refuses_settings_the_form_would_refuse(actor, ready):
    from luoshi.drafts.errors import DraftError

    with pytest.raises(DraftError, match="重点任务的权重应大于0"):
        services.publish_draft(actor, ready, PublishSettings(year=2025, tier_weights={"key": Decimal(0)}))
    assert not Plan.objects.exists()


def test_items_due_every_quarter_or_month_are_published_as_recurring_work_that_falls_due(actor, city, mzw):
    text = "一、做好信息工作\n（一）报送工作信息。每季度末完成。（市民宗委牵头）\n（二）报送工作台账。每月25日前报送。（市民宗委牵头）\n"
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=text)
    year = timezone.localdate().year + 1  # a plan for next year: each occurrence is still to come
    plan = services.publish_draft(actor, draft, PublishSettings(year=year, starts_on=date(year, 1, 1)))
    quarterly, monthly = plan.tasks.filter(depth=2).order_by("position")
    assert (quarterly.recurrence, quarterly.recurrence_day) == ("quarterly", None)
    assert (monthly.recurrence, monthly.recurrence_day) == ("monthly", 25)
    assert (quarterly.deadline, monthly.deadline) == (date(year, 12, 31), date(year, 12, 25))
    # Each unit answers first for the first occurrence (moved back to a working day), not the year's end.
    calendar = working_days()
    assert quarterly.assignments.get().due_on == calendar.previous_workday(date(year, 3, 31))
    assert monthly.assignments.get().due_on == calendar.previous_workday(date(year, 1, 25))
