"""Creating drafts, editing their trees and publishing them, through the services only."""

from datetime import date

import pytest

from luoshi.audit.models import AuditEntry
from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.errors import DraftError
from luoshi.drafts.models import Draft
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.tests.factories import lead_unassigned

from .conftest import SAMPLE


def flat(draft):
    return {code: n for n, code, _d, _p in T.walk(draft.tree)}


def test_it_builds_the_tree_with_units_deadlines_and_targets(draft, mzw, gsl, own_unit):
    nodes = flat(draft)
    assert nodes["1"]["title"] == "加强思想政治引领"
    study = nodes["1.1"]
    assert study["title"] == "深化理论学习"
    assert study["lead"] == [mzw.pk] and study["co"] == [gsl.pk]
    assert study["unknown_co"] == ["市侨联"]  # not in the register: flagged, not dropped
    assert study["deadline"] == "2025-06-30" and study["deadline_text"] == "6月底前"
    assert study["targets"][0]["target_value"] == "200" and study["targets"][0]["unit"] == "人次"
    assert study["targets"][0]["metric"] == "全年培训200人次"
    assert draft.source_text[study["source_start"] : study["source_end"]].startswith("（一）深化理论学习")
    assert nodes["2.1"]["lead"] == [own_unit.pk]
    assert AuditEntry.objects.filter(action="create_draft", object_id=str(draft.pk)).exists()


def test_title_defaults_to_something_useful(draft):
    assert draft.title == "未命名工作部署"


def test_every_edit_bumps_the_revision_and_is_audited(draft, actor):
    node_id = flat(draft)["1.1"]["id"]
    draft = services.rename_node(actor, draft, node_id, "深化理论武装", revision=draft.revision)
    assert flat(draft)["1.1"]["title"] == "深化理论武装"
    assert draft.revision == 2
    assert AuditEntry.objects.filter(action="draft_rename").count() == 1


def test_an_edit_on_a_page_a_colleague_has_changed_is_refused(draft, actor, colleague):
    node_id = flat(draft)["1.1"]["id"]
    services.rename_node(colleague, draft, node_id, "甲", revision=1)
    with pytest.raises(services.StaleDraft):
        services.rename_node(actor, draft, node_id, "乙", revision=1)
    draft.refresh_from_db()
    assert flat(draft)["1.1"]["title"] == "甲"


def test_ones_own_quick_succession_of_edits_is_not_a_conflict(draft, actor, colleague):
    # Renaming (sent when the title field loses focus) and clicking 删除 elsewhere go out from the same page.
    ids = {code: n["id"] for code, n in flat(draft).items()}
    services.rename_node(actor, draft, ids["1.1"], "甲", revision=1)
    draft = services.delete_node(actor, draft, ids["2"], revision=1)
    assert list(flat(draft)) == ["1", "1.1", "1.2"] and draft.revision == 3
    services.rename_node(colleague, draft, ids["1.1"], "乙", revision=3)
    with pytest.raises(services.StaleDraft):
        services.delete_node(actor, draft, ids["1.2"], revision=3)


def test_structure_edits(draft, actor):
    ids = {code: n["id"] for code, n in flat(draft).items()}
    draft = services.indent_node(actor, draft, ids["1.2"])
    assert flat(draft)["1.1.1"]["id"] == ids["1.2"]
    draft = services.outdent_node(actor, draft, ids["1.2"])
    assert flat(draft)["1.2"]["id"] == ids["1.2"]
    draft = services.move_node(actor, draft, ids["2"], -1)
    assert flat(draft)["1"]["id"] == ids["2"]
    draft = services.merge_with_next(actor, draft, ids["1.1"])
    assert flat(draft)["2.1"]["id"] == ids["1.1"] and "2.2" not in flat(draft)
    draft = services.delete_node(actor, draft, ids["2"])
    assert list(flat(draft)) == ["1", "1.1"]


def test_split_gives_the_new_node_a_fresh_id(draft, actor):
    node = flat(draft)["1.2"]
    position = T.split_points(node["text"])[0]
    draft = services.split_node(actor, draft, node["id"], position)
    new = flat(draft)["1.3"]
    assert new["id"] == draft.next_id - 1
    assert new["id"] not in {n["id"] for code, n in flat(draft).items() if code != "1.3"}


def test_tier_units_deadline_and_unknown_resolution(draft, actor, mzw, gsl, own_unit):
    node_id = flat(draft)["1.1"]["id"]
    draft = services.set_tier(actor, draft, node_id, "highlight")
    assert flat(draft)["1.1"]["tier"] == "highlight"
    draft = services.set_tier(actor, draft, node_id, "guidance")
    assert flat(draft)["1.1"]["guidance"] is True
    draft = services.set_units(actor, draft, node_id, lead=[str(gsl.pk)], co=[gsl.pk, own_unit.pk])
    assert flat(draft)["1.1"]["lead"] == [gsl.pk] and flat(draft)["1.1"]["co"] == [own_unit.pk]
    draft = services.resolve_unknown_unit(actor, draft, node_id, "市侨联", mzw.pk)
    assert flat(draft)["1.1"]["co"] == [own_unit.pk, mzw.pk] and flat(draft)["1.1"]["unknown_co"] == []
    draft = services.set_deadline(actor, draft, node_id, deadline=date(2025, 9, 30), deadline_text="9月底前")
    assert flat(draft)["1.1"]["deadline"] == "2025-09-30"


def test_units_must_come_from_the_register(draft, actor):
    with pytest.raises(DraftError, match="单位名录"):
        services.set_units(actor, draft, flat(draft)["1.1"]["id"], lead=[999999], co=[])


def test_published_drafts_cannot_be_edited(draft, actor):
    Draft.objects.filter(pk=draft.pk).update(status=Draft.Status.PUBLISHED)
    with pytest.raises(DraftError, match="已经发布"):
        services.delete_node(actor, draft, flat(draft)["1"]["id"])


def test_publish_is_refused_while_units_are_missing_or_unmatched(draft, actor):
    problems = services.publish_problems(draft)
    assert any("未匹配单位" in p for p in problems)
    assert any("没有牵头单位" in p for p in problems)
    with pytest.raises(DraftError, match="还不能发布"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists()


def test_publish_creates_plan_tasks_assignments_and_source_links(draft, actor, city, mzw, gsl, own_unit):
    node_id = flat(draft)["1.1"]["id"]
    draft = services.resolve_unknown_unit(actor, draft, node_id, "市侨联", None)
    draft = lead_unassigned(actor, draft, own_unit)
    plan = services.publish_draft(actor, draft)

    draft.refresh_from_db()
    assert draft.status == Draft.Status.PUBLISHED and draft.plan == plan
    assert plan.status == Plan.Status.PUBLISHED and plan.source_text == SAMPLE
    tasks = {t.code: t for t in Task.objects.filter(plan=plan)}
    assert set(tasks) == {"1", "1.1", "1.2", "2", "2.1"}
    study = tasks["1.1"]
    assert study.parent == tasks["1"]
    assert plan.source_text[study.source_start : study.source_end].startswith("（一）深化理论学习")
    assert study.deadline == date(2025, 6, 30) and study.deadline_text == "6月底前"
    assert study.targets.get().target_value == 200
    roles = set(Assignment.objects.filter(task=study).values_list("unit_id", "role"))
    assert roles == {(mzw.pk, "lead"), (gsl.pk, "co")}
    assert Assignment.objects.get(task=tasks["2.1"]).unit == own_unit
    assert Assignment.objects.get(task=tasks["1.2"]).unit == own_unit
    assert AuditEntry.objects.filter(action="publish_draft").exists()
    with pytest.raises(DraftError):
        services.publish_draft(actor, draft)


def test_discard_removes_only_an_editing_draft(draft, actor):
    services.discard_draft(actor, draft)
    assert not Draft.objects.exists()


def test_units_outside_the_deploying_units_tree_are_refused(actor, draft, other_city):
    with pytest.raises(DraftError, match="不在单位名录中"):
        services.set_units(actor, draft, flat(draft)["1.1"]["id"], lead=[other_city.pk], co=[])


def test_names_of_units_outside_the_tree_stay_flagged(actor, city, other_city):
    draft = services.create_draft_from_text(
        actor,
        deploying_unit=city,
        title="",
        year=2025,
        text=f"一、加强协作\n（一）联合调研。（{other_city.name}牵头）\n",
    )
    node = flat(draft)["1.1"]
    assert node["lead"] == [] and node["unknown_lead"] == [other_city.name]


def test_a_framework_announced_in_prose_does_not_duplicate_its_headings(actor, city):
    text = (
        "今年重点实施三大行动。\n一、实施产业提升行动\n推进园区建设。\n二、实施人才引育行动\n引进人才。\n"
        "三、实施服务优化行动\n优化营商环境。\n"
    )
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=text)
    titles = [n["title"] for n, *_ in T.walk(draft.tree)]
    assert titles.count("实施产业提升行动") == 1
    announcement = draft.tree[0]
    assert announcement["guidance"] and announcement["children"] == []


def test_the_opening_words_are_kept_for_reference_not_assigned(actor, city):
    """A pasted speech's first sentence (这次会议的主要任务是…) is context: it must not become a task to assign."""
    text = "这次会议的主要任务是总结工作、部署任务。\n一、加强思想引领\n开展专题学习。\n二、服务发展大局\n组织招商活动。\n"
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=text)
    opening = draft.tree[0]
    assert opening["title"].startswith("这次会议的主要任务") and opening["guidance"]
    assert [n["guidance"] for n in draft.tree[1:]] == [False, False]


def test_a_weight_that_is_not_a_number_stops_publishing_instead_of_becoming_1(draft, actor, gsl):
    draft = services.resolve_unknown_unit(actor, draft, flat(draft)["1.1"]["id"], "市侨联", None)
    draft = lead_unassigned(actor, draft, gsl)
    flat(draft)["1.2"]["weight"] = "高"
    draft.save(update_fields=["tree"])
    with pytest.raises(DraftError, match="1.2“健全工作机制”的权重应为数字。"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists() and not Task.objects.exists()
    assert "1.2“健全工作机制”的权重应为数字。" in services.publish_problems(draft)


def test_the_deploying_unit_cannot_be_chosen_to_lead_its_own_draft(draft, actor, city):
    with pytest.raises(DraftError, match="^市委统战部是本工作部署的部署单位，负责督办，不能交办给本单位。$"):
        services.set_units(actor, draft, flat(draft)["1.2"]["id"], lead=[city.pk], co=[])
    assert flat(Draft.objects.get(pk=draft.pk))["1.2"]["lead"] == []


def test_an_item_the_document_gives_to_the_deploying_unit_is_a_publish_problem(actor, city, gsl):
    text = "一、加强队伍建设\n（一）培训骨干。（市委统战部牵头，市工商联配合）\n（二）健全台账。牵头单位：市工商联。\n"
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=text)
    assert flat(draft)["1.1"]["lead"] == [city.pk]  # the matcher knows the name; the problem is who it is
    assert services.publish_problems(draft) == [
        "1 项任务交给了部署单位（1.1）：部署单位负责督办、不向自己报送，请改为其督办的单位。"
    ]
    with pytest.raises(DraftError, match="部署单位负责督办"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists()


def publishable(actor, draft, own_unit):
    draft = services.resolve_unknown_unit(actor, draft, flat(draft)["1.1"]["id"], "市侨联", None)
    return lead_unassigned(actor, draft, own_unit)


def test_publishing_writes_one_audit_entry_listing_what_it_created(draft, actor, own_unit):
    """A 3,000-item draft is one act of publishing, not 3,000 acts (issue 14)."""
    draft = publishable(actor, draft, own_unit)
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    plan = services.publish_draft(actor, draft)
    entries = list(AuditEntry.objects.filter(seq__gt=last))
    assert [e.action for e in entries] == ["publish_draft"]
    after = entries[0].after
    tasks = Task.objects.filter(plan=plan)
    assert after["plan"] == plan.pk and after["tasks"] == 5
    assert sorted(after["task_ids"]) == sorted(tasks.values_list("pk", flat=True))
    assigned = Assignment.objects.filter(task__plan=plan)
    assert after["assignments"] == assigned.count() == 4
    assert sorted(after["assignment_ids"]) == sorted(assigned.values_list("pk", flat=True))
    assert after["targets"] == 1


def test_published_assignments_are_due_with_their_task_and_figures_are_computed(draft, actor, own_unit):
    plan = services.publish_draft(actor, publishable(actor, draft, own_unit))
    study = Task.objects.get(plan=plan, code="1.1")
    assert {a.due_on for a in study.assignments.all()} == {date(2025, 6, 30)}
    assert all(a.assigned_on for a in Assignment.objects.filter(task__plan=plan))
    assert set(Task.objects.filter(plan=plan).values_list("position", flat=True)) == {0, 1}
    assert Task.objects.get(plan=plan, code="2.1").depth == 2
    assert all(a.light for a in Assignment.objects.filter(task__plan=plan))  # recompute_plan ran


def test_a_child_due_after_its_parent_stops_publishing(draft, actor, own_unit):
    draft = publishable(actor, draft, own_unit)
    nodes = flat(draft)
    nodes["1"]["deadline"], nodes["1.1"]["deadline"] = "2025-03-31", "2025-06-30"
    draft.save(update_fields=["tree"])
    with pytest.raises(ServiceError, match="完成时限不能晚于上级任务 1 的时限"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_guidance_given_units_and_a_unit_both_lead_and_co_stop_publishing(draft, actor, own_unit, mzw):
    draft = publishable(actor, draft, own_unit)
    flat(draft)["2.1"]["guidance"] = True
    draft.save(update_fields=["tree"])
    with pytest.raises(ServiceError, match="工作要求类条目只作指导，不单独交办。"):
        services.publish_draft(actor, draft)
    flat(draft)["2.1"]["guidance"] = False
    flat(draft)["2.1"]["co"] = flat(draft)["2.1"]["lead"]
    draft.save(update_fields=["tree"])
    with pytest.raises(ServiceError, match="不能既是牵头单位又是配合单位"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_a_unit_outside_the_deploying_units_scope_stops_publishing(draft, actor, own_unit, other_city):
    draft = publishable(actor, draft, own_unit)
    flat(draft)["2.1"]["lead"] = [other_city.pk]
    draft.save(update_fields=["tree"])
    with pytest.raises(ServiceError, match="不在本部署单位的督办范围内"):
        services.publish_draft(actor, draft)
    assert not Plan.objects.exists()
