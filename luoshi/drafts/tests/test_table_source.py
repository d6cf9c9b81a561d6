"""A table's items point at the right words of the source the draft keeps: the pasted text itself, or for
a spreadsheet the text rebuilt from its cells (which the draft then keeps as its source)."""

import io

import openpyxl

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.drafts.presenters import rows as tree_rows

PASTED = (
    "各单位：现将任务分解表印发给你们，请认真抓好落实。\n"
    "\n"
    "2025年重点工作任务分解表\n"
    "序号\t重点任务\t牵头单位\t完成时限\n"
    "1\t开展主题教育。组织培训200人次\t市民宗委\t6月底前\n"
    "2\t加强基层组织建设\t市民宗委\t12月底前\n"
)


def _sources(draft):
    return {
        n["title"]: draft.source_text[n["source_start"] : n["source_end"]] for n, *_ in T.walk(draft.tree)
    }


def test_a_pasted_table_keeps_the_pasted_text_and_each_item_its_own_line(actor, city, mzw):
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=PASTED)
    assert draft.source_text == PASTED
    assert _sources(draft) == {
        "开展主题教育": "1\t开展主题教育。组织培训200人次\t市民宗委\t6月底前",
        "加强基层组织建设": "2\t加强基层组织建设\t市民宗委\t12月底前",
    }


def test_the_editor_shows_the_line_an_item_was_read_from(actor, city, mzw):
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=PASTED)
    rows = tree_rows(draft)
    assert [r.source for r in rows] == [
        "1\t开展主题教育。组织培训200人次\t市民宗委\t6月底前",
        "2\t加强基层组织建设\t市民宗委\t12月底前",
    ]


def test_a_spreadsheet_draft_keeps_the_text_its_offsets_refer_to(actor, city, mzw):
    wb = openpyxl.Workbook()
    for row in [
        ["序号", "重点任务", "牵头单位", "完成时限"],
        ["1", "开展主题教育", "市民宗委", "6月底前"],
        ["2", "加强基层组织建设", "市民宗委", "12月底前"],
    ]:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    draft = services.create_draft_from_upload(
        actor, deploying_unit=city, title="", year=2025, data=data.getvalue(), filename="分解表.xlsx"
    )
    assert _sources(draft) == {
        "开展主题教育": "1\t开展主题教育\t市民宗委\t6月底前",
        "加强基层组织建设": "2\t加强基层组织建设\t市民宗委\t12月底前",
    }
