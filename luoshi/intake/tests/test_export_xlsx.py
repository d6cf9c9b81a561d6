"""The printable 任务分解表: layout, rows, and a round trip through the readers and the table parser."""

from __future__ import annotations

import io

from luoshi.intake.export_xlsx import DIVISION_COLUMNS, division_rows, write_division_table
from luoshi.intake.model import Node, ParseResult, Target
from luoshi.intake.readers import read_document
from luoshi.intake.tables import parse_table
from luoshi.intake.tests.test_tables import MERGES, ROWS, filled, shape


def plan() -> ParseResult:
    return ParseResult(
        meeting=None,
        items=[
            Node(
                title="夯实基层基础",
                marker="一、",
                children=[
                    Node(
                        title="建强村级组织",
                        text="建强村级组织。年内整顿软弱涣散村15个。",
                        marker="（一）",
                        lead_units=["县委组织部"],
                        co_units=["各乡镇", "县民政局"],
                        deadline="2024年底前",
                        targets=[Target(value=15, unit="个", text="年内整顿软弱涣散村15个")],
                    ),
                    Node(
                        title="完善网格管理",
                        text="完善网格管理",
                        lead_units=["县委政法委"],
                        children=[
                            Node(title="配齐专职网格员", lead_units=["各乡镇"], deadline="6月底前"),
                        ],
                    ),
                ],
            ),
            Node(
                title="办好民生实事",
                text="办好民生实事。新增托育位200个，改造农村公路35公里。",
                lead_units=["县发改局"],
                deadline="持续推进",
                targets=[
                    Target(value=200, unit="个", text="新增托育位200个"),
                    Target(value=35, unit="公里", text="改造农村公路35公里"),
                ],
            ),
        ],
    )


def test_division_rows_flatten_the_tree_with_codes():
    rows = division_rows(plan())
    assert rows == [
        ["1", "夯实基层基础", "", "", "", "", ""],
        [
            "1.1",
            "建强村级组织",
            "年内整顿软弱涣散村15个。",
            "县委组织部",
            "各乡镇、县民政局",
            "2024年底前",
            "15个",
        ],
        ["1.2", "完善网格管理", "", "县委政法委", "", "", ""],
        ["1.2.1", "配齐专职网格员", "", "各乡镇", "", "6月底前", ""],
        [
            "2",
            "办好民生实事",
            "新增托育位200个，改造农村公路35公里。",
            "县发改局",
            "",
            "持续推进",
            "200个；35公里",
        ],
    ]


def test_workbook_is_laid_out_for_printing():
    from openpyxl import load_workbook

    out = io.BytesIO()
    write_division_table(plan(), out, title="二〇二四年重点任务分解表")
    ws = load_workbook(io.BytesIO(out.getvalue())).active
    assert ws["A1"].value == "二〇二四年重点任务分解表"
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert "B3:G3" in {str(r) for r in ws.merged_cells.ranges}  # the group row
    assert [c.value for c in ws[2]] == DIVISION_COLUMNS
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    body = ws["C4"]
    assert body.alignment.wrap_text and body.border.left.style == "thin"
    assert body.font.name in {"仿宋", "宋体"} and ws["A1"].font.name in {"仿宋", "宋体"}
    assert ws.column_dimensions["C"].width > ws.column_dimensions["A"].width
    assert ws.row_dimensions[4].height >= 18


def test_default_title_and_path_target(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    write_division_table(plan(), path)
    assert load_workbook(path).active["A1"].value == "任务分解表"


def test_round_trip_through_readers_and_tables():
    original = plan()
    out = io.BytesIO()
    write_division_table(original, out)
    doc = read_document(out.getvalue(), "任务分解表.xlsx")
    back = parse_table(doc.rows)

    def essentials(nodes):
        return [(title, lead, co, deadline) for _m, _lv, title, lead, co, deadline in shape(nodes)]

    assert essentials(back.items) == essentials(original.items)
    assert [m for m, *_ in shape(back.items)] == ["1", "1.1", "1.2", "1.2.1", "2"]
    assert [lv for _m, lv, *_ in shape(back.items)] == [1, 2, 2, 3, 1]
    assert {(t.value, t.unit) for t in back.items[1].targets} == {(200, "个"), (35, "公里")}


def test_markers_as_written_when_every_node_has_one():
    tree = ParseResult(
        meeting=None,
        items=[
            Node(title="甲", marker="一、", children=[Node(title="乙", marker="（一）", lead_units=["某局"])])
        ],
    )
    assert [r[0] for r in division_rows(tree)] == ["一、", "（一）"]


def test_round_trip_of_a_parsed_office_table():
    parsed = parse_table(filled(ROWS, MERGES))
    out = io.BytesIO()
    write_division_table(parsed, out)
    again = parse_table(read_document(out.getvalue(), "a.xlsx").rows)
    assert shape(again.items) == shape(parsed.items)
    assert again.title == parsed.title == ROWS[0][0]
