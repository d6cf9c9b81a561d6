"""A table's node offsets point at the text the result carries as its source: the pasted text itself for
a table found in plain text, the text rebuilt from the cells for a spreadsheet."""

import io

import openpyxl

from luoshi.intake import parse_bytes, parse_text
from luoshi.intake.readers import find_text_table, find_text_table_spans

PASTED = (
    "关于印发2025年重点工作的通知\n"
    "各单位：现将任务分解表印发给你们，请认真抓好落实。\n"
    "\n"
    "附件\n"
    "2025年重点工作任务分解表\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "一\t党的建设\t\t\t\n"
    "1\t开展主题教育。组织培训200人次\t组织部\t宣传部\t6月底前\n"
    "2\t加强基层组织建设\t组织部\t\t12月底前\n"
)


def _nodes(items):
    for n in items:
        yield n
        yield from _nodes(n.children)


def test_pasted_table_offsets_point_into_the_pasted_text():
    result = parse_text(PASTED)
    assert result.source == PASTED
    nodes = list(_nodes(result.items))
    assert [n.title for n in nodes] == ["党的建设", "开展主题教育", "加强基层组织建设"]
    assert [PASTED[n.start : n.end] for n in nodes] == [
        "一\t党的建设",
        "1\t开展主题教育。组织培训200人次\t组织部\t宣传部\t6月底前",
        "2\t加强基层组织建设\t组织部\t\t12月底前",
    ]


def test_a_txt_upload_with_a_table_keeps_offsets_into_its_decoded_text():
    result = parse_bytes(PASTED.encode("gb18030"), "分解表.txt")
    assert result.source == PASTED
    task = result.items[0].children[1]
    assert PASTED[task.start : task.end].startswith("2\t加强基层组织建设")


def test_spans_name_each_row_line_and_the_title_line():
    rows, spans = find_text_table_spans(PASTED)
    assert rows == find_text_table(PASTED)
    assert len(rows) == len(spans)
    assert [PASTED[s:e] for s, e in spans][:2] == [
        "2025年重点工作任务分解表",
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
    ]


def test_a_spreadsheet_offsets_point_into_the_text_rebuilt_from_its_cells():
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [
        ["序号", "重点任务", "牵头单位", "完成时限"],
        ["1", "开展主题教育", "组织部", "6月底前"],
        ["2", "加强基层组织建设", "组织部", "12月底前"],
    ]:
        ws.append(row)
    stream = io.BytesIO()
    wb.save(stream)
    result = parse_bytes(stream.getvalue(), "分解表.xlsx")
    second = result.items[1]
    assert result.source[second.start : second.end] == "2\t加强基层组织建设\t组织部\t12月底前"
