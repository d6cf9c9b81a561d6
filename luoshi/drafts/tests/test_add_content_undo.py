"""The editor adds items by hand, edits an item's content, weight and targets, and undoes edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.audit.models import AuditEntry
from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.errors import DraftError
from luoshi.drafts.models import DraftSnapshot


def _titles(nodes):
    return [n["title"] for n, *_ in T.walk(nodes)]


def test_an_item_is_added_after_another_or_under_it(actor, draft):
    first = draft.tree[0]
    draft = services.add_node(actor, draft, first["id"], "after", "新增的一条")
    assert draft.tree[1]["title"] == "新增的一条" and draft.tree[1]["children"] == []
    draft = services.add_node(actor, draft, first["id"], "child", "")
    assert draft.tree[0]["children"][-1]["title"] == "新条目（请修改名称）"
    draft = services.add_node(actor, draft, 0, "child", "最后一条一级条目")
    assert draft.tree[-1]["title"] == "最后一条一级条目"
    ids = [n["id"] for n, *_ in T.walk(draft.tree)]
    assert len(ids) == len(set(ids)) and draft.next_id > max(ids)


def test_adding_after_the_top_level_itself_is_refused(actor, draft):
    with pytest.raises(DraftError):
        services.add_node(actor, draft, 0, "after")
    with pytest.raises(DraftError):
        services.add_node(actor, draft, draft.tree[0]["id"], "sideways")


def test_content_weight_and_targets_are_saved_and_empty_rows_dropped(actor, draft):
    node = draft.tree[0]["children"][0]
    draft = services.set_content(
        actor,
        draft,
        node["id"],
        text="组织专题培训三期。",
        weight="2.5",
        targets=[
            {"metric": "培训人次", "target_value": "300", "unit": "人次"},
            {"metric": "", "target_value": ""},
        ],
    )
    saved = T.get(draft.tree, node["id"])
    assert saved["text"] == "组织专题培训三期。" and saved["weight"] == "2.5"
    assert saved["targets"] == [{"metric": "培训人次", "target_value": "300", "unit": "人次", "text": ""}]


@pytest.mark.parametrize(
    ("weight", "targets", "message"),
    [
        ("很重", [], "权重应为数字"),
        ("-1", [], "权重不能小于0"),
        ("1", [{"metric": "", "target_value": "5"}], "请填写指标名称"),
        ("1", [{"metric": "走访", "target_value": ""}], "请填写指标“走访”的目标值"),
        ("1", [{"metric": "走访", "target_value": "NaN"}], "应为数字"),
    ],
)
def test_bad_content_is_refused_in_chinese_and_changes_nothing(actor, draft, weight, targets, message):
    node = draft.tree[0]
    with pytest.raises(DraftError, match=message):
        services.set_content(actor, draft, node["id"], text="x", weight=weight, targets=targets)
    draft.refresh_from_db()
    assert draft.revision == 1 and T.get(draft.tree, node["id"])["text"] != "x"


def test_undo_goes_back_one_edit_at_a_time(actor, draft):
    original = _titles(draft.tree)
    draft = services.rename_node(actor, draft, draft.tree[0]["id"], "第一次改名")
    draft = services.delete_node(actor, draft, draft.tree[1]["id"])
    draft = services.update_details(actor, draft, title="新标题", year=2027)
    assert services.last_edit(draft).startswith("标题与年度")
    draft = services.undo_last_edit(actor, draft)
    assert (draft.title, draft.year) != ("新标题", 2027)
    draft = services.undo_last_edit(actor, draft)
    assert len(draft.tree) == 2 and draft.tree[0]["title"] == "第一次改名"
    draft = services.undo_last_edit(actor, draft)
    assert _titles(draft.tree) == original
    with pytest.raises(DraftError, match="没有可以撤销的修改"):
        services.undo_last_edit(actor, draft)
    assert AuditEntry.objects.filter(action="draft_undo").count() == 3


def test_undo_keeps_the_ids_moving_forward(actor, draft):
    draft = services.add_node(actor, draft, 0, "child", "甲")
    added = draft.tree[-1]["id"]
    draft = services.undo_last_edit(actor, draft)
    draft = services.add_node(actor, draft, 0, "child", "乙")
    assert draft.tree[-1]["id"] > added  # an undone item's id is never given to another


def test_only_the_latest_edits_are_kept_for_undo(actor, draft):
    for i in range(DraftSnapshot.UNDO_DEPTH + 5):
        draft = services.rename_node(actor, draft, draft.tree[0]["id"], f"名称{i}")
    assert draft.snapshots.count() == DraftSnapshot.UNDO_DEPTH


def test_an_undo_from_an_old_page_is_refused(actor, colleague, draft):
    draft = services.rename_node(actor, draft, draft.tree[0]["id"], "甲")
    services.rename_node(colleague, draft, draft.tree[0]["id"], "乙")
    with pytest.raises(services.StaleDraft):
        services.undo_last_edit(actor, draft, revision=draft.revision)


@pytest.fixture
def sv(client, supervisor):
    client.force_login(supervisor)
    return client


def test_the_page_offers_undo_naming_the_last_edit_and_undoes_it(sv, actor, draft):
    page = sv.get(reverse("drafts:edit", args=[draft.pk])).content.decode()
    assert "撤销上一步" not in page
    node = draft.tree[0]
    sv.post(
        reverse("drafts:node", args=[draft.pk, node["id"], "add_after"]),
        {"revision": draft.revision},
        HTTP_HX_REQUEST="true",
    )
    draft.refresh_from_db()
    body = sv.get(reverse("drafts:edit", args=[draft.pk])).content.decode()
    assert "撤销上一步" in body and "添加：新条目" in body
    answer = sv.post(
        reverse("drafts:undo", args=[draft.pk]), {"revision": draft.revision}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 200 and "新条目（请修改名称）" not in answer.content.decode()
    draft.refresh_from_db()
    assert len(draft.tree) == 2


def test_the_content_editor_shows_the_targets_and_blank_rows(sv, draft):
    node = draft.tree[0]["children"][0]
    page = sv.get(reverse("drafts:editor", args=[draft.pk, node["id"], "content"])).content.decode()
    assert page.count('name="metric"') == len(node["targets"]) + 2
    assert "具体内容" in page
