"""A parent item's description is its own text (heading and intro), not its children's words again —
in the draft, in the published plan and in the exported 任务分解表."""

from io import BytesIO

from openpyxl import load_workbook

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.export import division_table
from luoshi.intake import Node, parse_text
from luoshi.plans.models import Task
from luoshi.tests.factories import lead_unassigned

from .conftest import SAMPLE

INTRO = (
    "一、加强思想政治引领。坚持把政治建设摆在首位。\n"
    "（一）深化理论学习。组织专题培训。（市民宗委牵头）\n"
    "（二）健全工作机制。完善联系制度。（市民宗委牵头）\n"
)


def flat(draft):
    return {code: n for n, code, _d, _p in T.walk(draft.tree)}


def test_a_parent_keeps_only_its_heading_and_its_source_span_covers_only_that(draft):
    nodes = flat(draft)
    parent = nodes["1"]
    assert parent["text"] == "一、加强思想政治引领"
    assert SAMPLE[parent["source_start"] : parent["source_end"]] == "一、加强思想政治引领"
    assert parent["title"] == "加强思想政治引领"


def test_leaves_keep_their_whole_text(draft):
    study = flat(draft)["1.1"]
    assert study["text"].startswith("（一）深化理论学习。组织专题培训")
    assert SAMPLE[study["source_start"] : study["source_end"]] == study["text"]


def test_a_parent_keeps_its_intro_sentence(actor, city, mzw):
    d = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=INTRO)
    parent = flat(d)["1"]
    assert parent["text"] == "一、加强思想政治引领。坚持把政治建设摆在首位。"
    assert "深化理论学习" not in parent["text"]
    assert INTRO[parent["source_start"] : parent["source_end"]] == parent["text"]


def test_a_heading_made_into_its_first_child_leaves_no_bare_marker():
    source = "三是推进三化建设。推进科学化建设，不断提高水平。"
    child = Node(title="推进三化建设", text=source[2:], start=2, end=len(source))
    parent = Node(
        title="推进三化建设", text=source, marker="三是", start=0, end=len(source), children=[child]
    )
    text, start, end = services.own_text(parent, source)
    assert text == ""
    assert source[start:end] == source  # the marker with the heading it shares with its first child


def test_a_table_row_with_merged_sub_items_keeps_only_its_task_cell():
    pasted = (
        "序号\t重点任务\t具体内容\t牵头单位\n"
        "1\t推进产业升级\t培育新兴产业\t发改委\n"
        "1\t推进产业升级\t改造传统产业\t工信局\n"
    )
    result = parse_text(pasted)
    (parent,) = result.items
    assert len(parent.children) == 2
    text, start, end = services.own_text(parent, result.source)
    assert text == "推进产业升级"
    assert result.source[start:end] == "1\t推进产业升级\t培育新兴产业\t发改委"


def test_published_parent_description_does_not_repeat_its_children(draft, actor, own_unit):
    node_id = flat(draft)["1.1"]["id"]
    draft = services.resolve_unknown_unit(actor, draft, node_id, "市侨联", None)
    draft = lead_unassigned(actor, draft, own_unit)
    plan = services.publish_draft(actor, draft)
    parent = Task.objects.get(plan=plan, code="1")
    assert parent.description == "一、加强思想政治引领"
    assert plan.source_text[parent.source_start : parent.source_end] == "一、加强思想政治引领"


def test_the_exported_division_table_leaves_a_parent_row_empty_but_its_heading(draft):
    sheet = load_workbook(BytesIO(division_table(draft))).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = rows[1]
    parent = dict(zip(header, next(r for r in rows if r[1] == "加强思想政治引领"), strict=True))
    own = ("具体内容", "牵头单位", "配合单位", "完成时限", "量化指标")
    assert not any(parent[c] for c in own)  # all its children's; it keeps only its tier and weight
    texts = " ".join(str(v) for r in rows for v in r if v)
    assert texts.count("组织专题培训") == 1
