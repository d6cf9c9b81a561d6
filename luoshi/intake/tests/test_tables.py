"""Task-division tables: header finding, numbering, units; the same table as .xlsx, .docx and .xls.

The fixtures are invented tables built in code; none of the corpus' text is used.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.intake import parse_bytes
from luoshi.intake.model import Node, ParseResult
from luoshi.intake.tables import _role, _targets, looks_like_division_table, parse_table, split_units
from luoshi.tests.shared import shared_path

from .trees import walk

# ----------------------------------------------------------------------------------------------------
# An office's table: a merged title row, a header, merged group rows, task rows and a merged note row.
# merges are (first_row, first_col, last_row, last_col), 0-based and inclusive.

HEADER = ["序号", "重点任务", "具体内容", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["某市二〇二四年重点工作任务分解表", "", "", "", "", ""],
    HEADER,
    ["一", "推进园区建设", "", "", "", ""],
    [
        "（一）",
        "完善园区道路网络",
        "新建园区道路3条，改造雨污管网12公里。",
        "市住建局",
        "市财政局、市自然资源局",
        "2024年6月底前",
    ],
    ["（二）", "引进优质企业", "全年新引进规上企业20家。", "市商务局", "各区人民政府等", "2024年12月底前"],
    ["二", "改善公共服务", "", "", "", ""],
    [
        "（三）",
        "建设社区食堂",
        "每个街道至少建成1家社区食堂。",
        "市民政局",
        "市卫健委 市市场监管局",
        "2024年9月底前",
    ],
    ["（四）", "开展技能培训", "面向失业人员开展培训5000人次。", "市人社局", "", "持续推进"],
    ["注：各单位每季度末报送一次进展。", "", "", "", "", ""],
]
MERGES = [(0, 0, 0, 5), (2, 1, 2, 5), (5, 1, 5, 5), (8, 0, 8, 5)]

EXPECTED = [
    ("一", 1, "推进园区建设", [], [], None),
    ("（一）", 2, "完善园区道路网络", ["市住建局"], ["市财政局", "市自然资源局"], "2024年6月底前"),
    ("（二）", 2, "引进优质企业", ["市商务局"], ["各区人民政府"], "2024年12月底前"),
    ("二", 1, "改善公共服务", [], [], None),
    ("（三）", 2, "建设社区食堂", ["市民政局"], ["市卫健委", "市市场监管局"], "2024年9月底前"),
    ("（四）", 2, "开展技能培训", ["市人社局"], [], "持续推进"),
]


def filled(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """The grid as a reader hands it over: a merged range's value in every cell it covers."""
    grid = [list(r) for r in rows]
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                grid[r][c] = rows[r0][c0]
    return grid


def make_xlsx(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                ws.cell(row=r, column=c, value=value)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def make_docx(
    rows: list[list[str]], merges: list[tuple[int, int, int, int]], before: str = "", after: str = ""
) -> bytes:
    import docx

    document = docx.Document()
    if before:
        document.add_paragraph(before)
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    for r0, c0, r1, c1 in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    if after:
        document.add_paragraph(after)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xls(rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> bytes:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("任务分解表")
    covered = set()
    for r0, c0, r1, c1 in merges:
        ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value and (r, c) not in covered:
                ws.write(r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def shape(nodes: list[Node]) -> list[tuple]:
    """The parts of a tree the formats must agree on, depth first."""
    out: list[tuple] = []
    for n in nodes:
        out.append((n.marker, n.level, n.title, n.lead_units, n.co_units, n.deadline))
        out.extend(shape(n.children))
    return out


# ----------------------------------------------------------------------------------------------------


def test_office_table_builds_the_tree():
    result = parse_table(filled(ROWS, MERGES))
    assert isinstance(result, ParseResult)
    assert result.meeting is None
    assert shape(result.items) == EXPECTED
    assert [n.title for n in result.items] == ["推进园区建设", "改善公共服务"]
    first = result.items[0].children[0]
    assert "改造雨污管网" in first.text
    assert {(t.value, t.unit) for t in first.targets} == {(3, "条"), (12, "公里")}
    assert result.source[first.start : first.end].startswith("（一）")
    assert result.title == ROWS[0][0]
    assert result.to_dict()["title"] == ROWS[0][0]


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "xls"])
def test_same_table_in_every_format(fmt):
    data = {"xlsx": make_xlsx, "docx": make_docx, "xls": make_xls}[fmt](ROWS, MERGES)
    result = parse_bytes(data, f"分解表.{fmt}")
    assert shape(result.items) == EXPECTED


def test_docx_table_with_a_short_notice_around_it():
    data = make_docx(ROWS, MERGES, before="各单位：现将任务分解表印发给你们。", after="市政府办公室")
    assert shape(parse_bytes(data, "通知.docx").items) == EXPECTED


def test_unmerged_group_rows_and_blank_title_cells():
    # The same table as a plain export: nothing merged, group text only in the task column.
    assert shape(parse_table([r for r in ROWS]).items) == EXPECTED


def test_number_column_with_group_rows_spanning_the_row():
    rows = [
        ["序号", "工作任务", "责任单位", "完成时间"],
        ["一、稳定经济增长", "一、稳定经济增长", "一、稳定经济增长", "一、稳定经济增长"],
        ["1", "扩大有效投资", "区发改局", "年底前"],
        ["2", "促进消费回升", "区商务局", "6月底前"],
        ["二、保障改善民生", "二、保障改善民生", "二、保障改善民生", "二、保障改善民生"],
        ["3", "稳定就业岗位", "区人社局", "长期"],
    ]
    result = parse_table(rows)
    assert shape(result.items) == [
        ("一、", 1, "稳定经济增长", [], [], None),
        ("1", 2, "扩大有效投资", ["区发改局"], [], "年底前"),
        ("2", 2, "促进消费回升", ["区商务局"], [], "6月底前"),
        ("二、", 1, "保障改善民生", [], [], None),
        ("3", 2, "稳定就业岗位", ["区人社局"], [], "长期"),
    ]


def test_two_header_rows_and_dotted_codes():
    rows = [
        ["序号", "任务", "责任单位", "责任单位", "时间节点"],
        ["序号", "任务", "牵头", "配合", "时间节点"],
        ["1", "建设数字政府", "", "", ""],
        ["1.1", "整合政务数据", "区数据局", "各街道", "9月"],
        ["1.2", "推行一网通办", "区政务服务中心", "区数据局", "12月"],
        ["1.2.1", "上线移动端办事入口", "区数据局", "", "10月"],
        ["2", "优化营商环境", "区发改局", "", "全年"],
    ]
    result = parse_table(rows)
    assert [(m, lv) for m, lv, *_ in shape(result.items)] == [
        ("1", 1),
        ("1.1", 2),
        ("1.2", 2),
        ("1.2.1", 3),
        ("2", 1),
    ]
    node = result.items[0].children[1]
    assert (node.lead_units, node.co_units, node.deadline) == (["区政务服务中心"], ["区数据局"], "12月")


def test_responsible_unit_column_is_the_lead_and_labels_in_a_cell_win():
    rows = [
        ["序号", "重点任务", "责任单位"],
        ["1", "修订管理办法", "牵头单位：县司法局；配合单位：县财政局、县审计局"],
        ["2", "开展专项检查", "县市场监管局（牵头）、县公安局"],
        ["3", "完善考核机制", "县委组织部、县考核办等有关单位"],
    ]
    nodes = parse_table(rows).items
    assert [(n.lead_units, n.co_units) for n in nodes] == [
        (["县司法局"], ["县财政局", "县审计局"]),
        (["县市场监管局"], ["县公安局"]),
        (["县委组织部", "县考核办"], []),
    ]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("责任科室", "resp"),
        ("责任处室", "resp"),
        ("责任部门", "resp"),
        ("责任股室", "resp"),
        ("责任主体", "resp"),
        ("承办单位", "lead"),
        ("主办单位", "lead"),
        ("主办科室", "lead"),
        ("协办单位", "co"),
        ("参与单位", "co"),
        ("责任领导", "leader"),
        ("责任人", "leader"),
        ("工作任务", "task"),
        ("重点工作", "task"),
        ("任务内容", "task"),
        ("目标任务", "task"),
        ("具体措施", "content"),
        ("推进措施", "content"),
        ("完成时限", "deadline"),
        ("时间节点", "deadline"),
        ("完成时间", "deadline"),
        ("进度安排", "deadline"),
    ],
)
def test_header_words_an_office_uses(header, role):
    assert _role(header) == role


def test_responsible_office_column_with_a_lead_note_gives_units():
    rows = [
        ["序号", "工作任务", "责任科室", "时间节点"],
        ["1", "梳理窗口办事指南", "审批科（牵头）、信息科", "4月底前"],
        ["2", "上线预约叫号系统", "信息科", "8月底前"],
    ]
    nodes = parse_table(rows).items
    assert [(n.lead_units, n.co_units, n.deadline) for n in nodes] == [
        (["审批科"], ["信息科"], "4月底前"),
        (["信息科"], [], "8月底前"),
    ]


def test_host_and_assisting_unit_columns():
    rows = [
        ["序号", "重点工作", "承办单位", "协办单位", "完成时间"],
        ["1", "举办农民丰收节", "镇农业站", "镇文化站、各村委会", "9月"],
    ]
    node = parse_table(rows).items[0]
    assert (node.title, node.lead_units, node.co_units, node.deadline) == (
        "举办农民丰收节",
        ["镇农业站"],
        ["镇文化站", "各村委会"],
        "9月",
    )


def test_person_columns_are_not_units():
    rows = [
        ["序号", "任务内容", "责任领导", "责任人", "责任处室"],
        ["1", "编制年度预算", "王副局长", "李科长", "财务处"],
    ]
    node = parse_table(rows).items[0]
    assert (node.lead_units, node.co_units) == (["财务处"], [])


def test_first_listed_unit_leads_when_the_table_says_so():
    rows = [
        ["序号", "任务", "责任单位"],
        ["1", "整治河道", "区水务局、区城管局"],
        ["2", "清理违建", "区城管局"],
        ["注：责任单位中列第一位者为牵头单位。", "", ""],
    ]
    assert [(n.lead_units, n.co_units) for n in parse_table(rows).items] == [
        (["区水务局"], ["区城管局"]),
        (["区城管局"], []),
    ]
    # Without that note every unit named in a 责任单位 column is responsible, so each leads.
    assert parse_table(rows[:3]).items[0].lead_units == ["区水务局", "区城管局"]


def test_split_units_drops_trailing_deng_but_keeps_a_lone_collective():
    assert split_units("市发改委、市财政局等") == ["市发改委", "市财政局"]
    assert split_units("各有关部门和单位") == ["各有关部门和单位"]
    assert split_units("市教育局\n市科技局；市体育局") == ["市教育局", "市科技局", "市体育局"]


def test_own_target_finder_reads_numbers_with_units():
    found = _targets("新建站点12个，覆盖率达到95%；培训3.5万人次。6个月内完成。")
    assert [(t.value, t.unit) for t in found] == [(12, "个"), (95, "%"), (3.5, "万人次")]
    assert found[0].text == "新建站点12个，覆盖率达到95%"


def test_vertically_merged_task_cell_gives_sub_items():
    rows = [
        ["序号", "重点任务", "工作措施", "牵头单位", "完成时限"],
        ["1", "加强队伍建设", "组织全员轮训两次。", "区委统战部", "6月底前"],
        ["1", "加强队伍建设", "建立联络员名册。", "区工商联", "3月底前"],
        ["2", "办好实事项目", "新建服务站5个。", "区民宗局", "年底前"],
    ]
    nodes = parse_table(rows).items
    assert [n.title for n in nodes] == ["加强队伍建设", "办好实事项目"]
    parent = nodes[0]
    assert [c.title for c in parent.children] == ["组织全员轮训两次", "建立联络员名册"]
    assert parent.lead_units == ["区委统战部", "区工商联"]
    assert [c.level for c in parent.children] == [2, 2]
    assert parent.children[1].deadline == "3月底前"


def test_blank_continuation_rows_join_the_task_above():
    # An .xls read without formatting: the merged 序号 and 任务 cells are blank below their first row.
    rows = [
        ["序号", "任务", "具体内容", "牵头单位"],
        ["1", "推进老旧小区改造", "完成改造30个。", "区住建局"],
        ["", "", "同步加装电梯。", "区房管局"],
        ["2", "整治背街小巷", "整治20条。", "区城管局"],
    ]
    nodes = parse_table(rows).items
    assert len(nodes) == 2
    assert "同步加装电梯" in nodes[0].text
    assert nodes[0].lead_units == ["区住建局", "区房管局"]


def test_category_column_opens_groups():
    rows = [
        ["类别", "序号", "任务", "牵头单位"],
        ["经济发展", "1", "培育新兴产业", "市经信局"],
        ["经济发展", "2", "扩大对外开放", "市商务局"],
        ["社会事业", "3", "办好人民满意教育", "市教育局"],
    ]
    nodes = parse_table(rows).items
    assert [n.title for n in nodes] == ["经济发展", "社会事业"]
    assert [c.title for c in nodes[0].children] == ["培育新兴产业", "扩大对外开放"]
    assert nodes[1].children[0].lead_units == ["市教育局"]


def test_no_header_words_guesses_the_number_column():
    rows = [["一", "强化组织领导"], ["1", "成立工作专班"], ["2", "建立周调度制度"], ["二", "强化督促检查"]]
    result = parse_table(rows)
    assert [(m, lv, t) for m, lv, t, *_ in shape(result.items)] == [
        ("一", 1, "强化组织领导"),
        ("1", 2, "成立工作专班"),
        ("2", 2, "建立周调度制度"),
        ("二", 1, "强化督促检查"),
    ]


def test_repeated_header_rows_are_skipped():
    rows = [HEADER, ROWS[3], HEADER, ROWS[4]]
    assert [n.title for n in parse_table(rows).items] == ["完善园区道路网络", "引进优质企业"]


def test_looks_like_division_table():
    assert looks_like_division_table(filled(ROWS, MERGES))
    assert not looks_like_division_table([["姓名", "电话"], ["张三", "123"]])
    assert not looks_like_division_table([])


HEADER_WORDS = st.sampled_from(
    [
        "序号",
        "任务",
        "重点任务",
        "具体内容",
        "牵头单位",
        "配合单位",
        "责任单位",
        "完成时限",
        "量化指标",
        "类别",
        "一",
        "（一）",
        "1",
        "1.1",
        "①",
        "",
        "注：",
        "等",
        "、",
        "牵头单位：",
        "（牵头）",
    ]
)
CELLS = st.one_of(HEADER_WORDS, st.text(max_size=12))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, max_size=7), max_size=12))
def test_any_grid_parses_without_raising(rows):
    result = parse_table(rows)
    assert isinstance(result, ParseResult)
    for node in walk(result.items):
        assert node.level is None or node.level >= 1


# ----------------------------------------------------------------------------------------------------
# The corpus' own spreadsheet, converted in memory to Word and .xls, must give the same tree.

CORPUS_XLSX = "corpus/dev/division-guowuyuan-2018-xlsx.xlsx"  # under ../shared


def _sheet_with_merges(path: Path) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    import openpyxl

    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
    return rows, merges


@pytest.mark.parametrize("fmt", ["docx", "xls"])
def test_corpus_spreadsheet_as_word_and_xls_gives_the_same_tree(fmt):
    corpus_xlsx = shared_path(CORPUS_XLSX)
    expected = parse_bytes(corpus_xlsx.read_bytes(), corpus_xlsx.name)
    assert len(list(walk(expected.items))) > 10
    rows, merges = _sheet_with_merges(corpus_xlsx)
    data = {"docx": make_docx, "xls": make_xls}[fmt](rows, merges)
    assert shape(parse_bytes(data, f"table.{fmt}").items) == shape(expected.items)


def test_a_merged_cells_text_appears_once_in_the_rebuilt_source():
    result = parse_table(filled(ROWS, MERGES))
    assert result.source.count(ROWS[0][0]) == 1
    group = result.items[0]
    assert result.source[group.start : group.end].count(group.title) == 1
