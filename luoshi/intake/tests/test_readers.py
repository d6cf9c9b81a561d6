"""Readers: preflight codes, text decoding, Word body order, spreadsheets with merged cells."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.intake import parse_bytes, parse_text
from luoshi.intake.errors import IntakeError
from luoshi.intake.options import ParseOptions
from luoshi.intake.readers import OLE_MAGIC, Document, decode_text, find_text_table, read_document
from luoshi.intake.tests.test_tables import MERGES, ROWS, make_docx, make_xls, make_xlsx

PLAN = "关于做好年度重点工作的安排\n一、加强组织领导\n（一）成立工作专班。\n二、强化督促检查\n"


def code_of(data: bytes, filename: str = "a.txt", **options) -> str:
    with pytest.raises(IntakeError) as info:
        read_document(data, filename, ParseOptions(**options))
    return info.value.code


# ----------------------------------------------------------------------------------------------------
# Preflight


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n\t  ", "\ufeff  \n".encode("utf-8"), "\ufeff".encode("utf-16")]
)
def test_empty(data):
    assert code_of(data) == IntakeError.EMPTY


def test_too_big_before_anything_else():
    assert code_of(PLAN.encode() * 10, max_bytes=20) == IntakeError.TOO_BIG


def test_pdf_is_refused_with_scanned_or_unsupported():
    text_pdf = b"%PDF-1.7\n1 0 obj << /Type /Font /Subtype /Type1 >> endobj\n%%EOF"
    scan_pdf = b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image /Filter /DCTDecode >> endobj\n%%EOF"
    assert code_of(text_pdf, "a.pdf") == IntakeError.UNSUPPORTED
    assert code_of(scan_pdf, "scan.pdf") == IntakeError.SCANNED
    assert code_of(scan_pdf, "renamed.txt") == IntakeError.SCANNED  # magic wins over the name


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"GIF89a\x01\x00\x01\x00",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 40,
        "正文".encode() + b"\x00\x01\x02\x03" * 50,
        bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + "文字".encode(),
    ],
)
def test_binary(data):
    assert code_of(data, "upload.txt") == IntakeError.BINARY


def test_image_named_as_text_is_binary_and_text_named_as_image_is_read():
    assert code_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt") == IntakeError.BINARY
    assert read_document(PLAN.encode(), "a.png").text == PLAN


def test_old_word_and_rtf_are_unsupported():
    assert code_of(b"{\\rtf1\\ansi hello}", "a.rtf") == IntakeError.UNSUPPORTED
    assert code_of(OLE_MAGIC + b"\x00" * 600, "a.doc") in {IntakeError.UNSUPPORTED, IntakeError.CORRUPT}


# ----------------------------------------------------------------------------------------------------
# Text


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"]
)
def test_text_encodings(encoding):
    data = PLAN.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + PLAN).encode(encoding)  # with its BOM
    doc = read_document(data, "plan.txt")
    assert doc == Document(text=PLAN, rows=None, kind="text")


def test_utf16_without_bom_is_read():
    assert read_document(PLAN.encode("utf-16-le"), "plan.txt").text == PLAN


def test_gbk_with_rare_characters_and_crlf():
    text = "一、推进“一网通办”\r\n（一）压缩办理时限至3个工作日。\r二、其他\r\n"
    doc = read_document(text.encode("gb18030"), "plan.TXT")
    assert doc.text == "一、推进“一网通办”\n（一）压缩办理时限至3个工作日。\n二、其他\n"


def test_undecodable_text():
    assert code_of(bytes(range(0x80, 0x100)) * 4) == IntakeError.BAD_ENCODING
    assert decode_text("中文".encode()) == "中文"


# ----------------------------------------------------------------------------------------------------
# Word


def test_docx_keeps_paragraphs_and_tables_in_body_order():
    import docx

    document = docx.Document()
    document.add_paragraph("第一段")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "职务"
    table.cell(1, 0).text = "张某"
    table.cell(1, 1).text = "主任"
    document.add_paragraph("第二段")
    out = io.BytesIO()
    document.save(out)
    doc = read_document(out.getvalue(), "x.docx")
    assert doc.kind == "docx" and doc.rows is None
    assert [line for line in doc.text.split("\n") if line] == ["第一段", "姓名\t职务", "张某\t主任", "第二段"]


def test_docx_division_table_gives_rows_with_merged_cells_filled():
    doc = read_document(make_docx(ROWS, MERGES), "分解表.docx")
    assert doc.rows is not None
    assert doc.rows[1][:2] == ["序号", "重点任务"]
    assert doc.rows[2] == ["一"] + ["推进园区建设"] * 5
    assert "完善园区道路网络" in doc.text


def test_docx_paragraph_above_the_table_is_its_title_and_a_continued_table_joins():
    head, tail = ROWS[1:6], ROWS[6:8]
    data = make_docx(head, [(1, 1, 1, 5)], before="某县重点任务分解表")
    import docx

    document = docx.Document(io.BytesIO(data))
    document.add_paragraph("")
    table = document.add_table(rows=len(tail), cols=6)
    for r, row in enumerate(tail):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    doc = read_document(out.getvalue(), "a.docx")
    assert doc.rows[0] == ["某县重点任务分解表"]
    assert doc.rows[-1][1] == "开展技能培训"
    result = parse_bytes(out.getvalue(), "a.docx")
    assert result.title == "某县重点任务分解表"
    assert [n.title for n in result.items[1].children] == ["建设社区食堂", "开展技能培训"]


def test_long_plan_with_a_small_division_table_is_read_as_text():
    before = "\n".join(["（一）加强组织保障，明确工作责任，细化工作措施，确保各项任务落到实处。"] * 60)
    doc = read_document(make_docx(ROWS, MERGES, before=before), "plan.docx")
    assert doc.rows is None
    assert "完善园区道路网络" in doc.text


def test_broken_zip_is_corrupt_and_other_zips_unsupported():
    good = make_docx(ROWS, MERGES)
    assert code_of(good[: len(good) // 2], "a.docx") == IntakeError.CORRUPT
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hi")
    assert code_of(other.getvalue(), "a.zip") == IntakeError.UNSUPPORTED
    assert code_of(other.getvalue(), "a.docx") == IntakeError.CORRUPT


def test_zip_that_unpacks_far_beyond_the_limit_is_too_big():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * 200_000)
    assert code_of(bomb.getvalue(), "a.docx", max_bytes=5_000) == IntakeError.TOO_BIG


# ----------------------------------------------------------------------------------------------------
# Spreadsheets


def test_xlsx_fills_merged_ranges_and_drops_empty_rows():
    doc = read_document(make_xlsx(ROWS + [[""] * 6], MERGES), "a.xlsx")
    assert doc.kind == "xlsx"
    assert doc.rows[0] == [ROWS[0][0]] * 6
    assert doc.rows[5] == ["二"] + ["改善公共服务"] * 5
    assert len(doc.rows) == len(ROWS)


def test_xlsx_picks_the_first_table_like_sheet():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["说明", "本表由办公室汇总"])
    ws = wb.create_sheet("分解表")
    for row in ROWS[1:4]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    assert read_document(out.getvalue(), "book.xlsx").rows[0][0] == "序号"


def test_xls_fills_merged_ranges():
    doc = read_document(make_xls(ROWS, MERGES), "a.xls")
    assert doc.kind == "xls"
    assert doc.rows[2] == ["一"] + ["推进园区建设"] * 5


def test_excel_exported_as_tab_separated_text_or_html():
    tsv = "\n".join("\t".join(r) for r in ROWS[1:5]).encode("gbk")
    assert read_document(tsv, "export.xls").rows[0] == ROWS[1]
    html = (
        "<html><body><table><tr><th>序号</th><th>任务</th><th colspan=2>责任单位</th></tr>"
        "<tr><td rowspan=2>1</td><td>修路</td><td>甲局</td><td>乙局</td></tr>"
        "<tr><td>架桥</td><td>丙局</td><td></td></tr></table></body></html>"
    ).encode()
    doc = read_document(html, "export.xls")
    assert doc.kind == "html"
    assert doc.rows == [
        ["序号", "任务", "责任单位", "责任单位"],
        ["1", "修路", "甲局", "乙局"],
        ["1", "架桥", "丙局", ""],
    ]


def test_html_page_without_a_division_table_is_read_as_text():
    page = "<html><body><p>一、总体要求</p><p>（一）&nbsp;加强领导<br>细化分工</p><script>x=1</script></body></html>"
    doc = read_document(page.encode(), "plan.htm")
    assert (doc.kind, doc.rows) == ("html", None)
    assert doc.text == "一、总体要求\n（一） 加强领导\n细化分工"


# ----------------------------------------------------------------------------------------------------
# A table pasted into plain text

PASTED = (
    "附件2\n"
    "某区便民服务提升任务清单\n"
    "序号\t工作任务\t责任科室\t协办单位\t时间节点\n"
    "一\t窗口服务\n"
    "1\t增设夜间办事窗口\t行政服务科\t各街道\t5月底前\n"
    "2\t推行帮办代办\t审批科（牵头）、督查科\t\t全年\n"
    "二\t网上服务\n"
    "3\t上线掌上办事专区\t信息科\t区数据中心\t9月底前\n"
)


def test_tab_table_pasted_into_txt_is_read_as_a_table_with_its_title():
    doc = read_document(PASTED.encode("gbk"), "清单.txt")
    assert doc.kind == "text-table"
    assert doc.rows[0] == ["某区便民服务提升任务清单"]
    assert doc.rows[1] == ["序号", "工作任务", "责任科室", "协办单位", "时间节点"]
    assert ["一", "窗口服务"] in doc.rows
    result = parse_bytes(PASTED.encode(), "清单.txt")
    assert result.title == "某区便民服务提升任务清单"
    groups = result.items
    assert [(g.marker, g.title) for g in groups] == [("一", "窗口服务"), ("二", "网上服务")]
    first, second = groups[0].children
    assert (first.title, first.lead_units, first.co_units, first.deadline) == (
        "增设夜间办事窗口",
        ["行政服务科"],
        ["各街道"],
        "5月底前",
    )
    assert (second.lead_units, second.co_units) == (["审批科"], ["督查科"])


def test_pasted_table_after_a_covering_note_and_in_the_web_form():
    note = "关于报送任务进展的通知\n各科室：\n请对照下表抓好落实。\n\n"
    text = note + PASTED.split("\n", 1)[1] + "抄送：区政府办\n"
    for result in (parse_bytes(text.encode(), "通知.txt"), parse_text(text)):
        assert result.title == "某区便民服务提升任务清单"
        assert [c.title for g in result.items for c in g.children] == [
            "增设夜间办事窗口",
            "推行帮办代办",
            "上线掌上办事专区",
        ]


def test_tsv_with_a_title_line_above_the_header():
    tsv = "某所年度重点任务\n序号\t重点任务\t牵头单位\t完成时限\n1\t修订内控制度\t综合科\t3月\n"
    result = parse_bytes(tsv.encode(), "tasks.tsv")
    assert result.title == "某所年度重点任务"
    assert [(n.title, n.lead_units, n.deadline) for n in result.items] == [
        ("修订内控制度", ["综合科"], "3月")
    ]


def test_pipe_and_space_aligned_tables():
    pipe = (
        "| 序号 | 推进措施 | 主办单位 | 参与单位 | 完成时间 |\n"
        "|---|---|---|---|---|\n"
        "| 1 | 疏浚排水沟渠 | 水务站 | 各村 | 汛期前 |\n"
        "| 2 | 加固病险塘坝 | 水务站 |  | 6月 |\n"
    )
    spaced = (
        "序号  重点工作          责任部门      配合部门      完成时限\n"
        "1     修缮老旧厂房      工信局        园区办        6月底前\n"
        "2     新建货车停车场    交通局                      9月底前\n"
    )

    def rows(text):
        return [(n.marker, n.title, n.lead_units, n.co_units, n.deadline) for n in parse_text(text).items]

    assert rows(pipe) == [
        ("1", "疏浚排水沟渠", ["水务站"], ["各村"], "汛期前"),
        ("2", "加固病险塘坝", ["水务站"], [], "6月"),
    ]
    # A blank cell leaves only a wider gap; the columns are placed by where each cell starts.
    assert rows(spaced) == [
        ("1", "修缮老旧厂房", ["工信局"], ["园区办"], "6月底前"),
        ("2", "新建货车停车场", ["交通局"], [], "9月底前"),
    ]


def test_text_with_tabs_but_no_table_header_stays_text():
    outline = "某院年度工作要点\n一、夯实基础\n\t（一）修缮病房楼。\n\t（二）更新检验设备。\n二、优化服务\n\t（一）延长门诊时间。\n"
    doc = read_document(outline.encode(), "要点.txt")
    assert (doc.kind, doc.rows) == ("text", None)
    assert find_text_table(outline) is None
    # A header-like line with tabs but no rows under it is not a table either.
    assert find_text_table("序号\t任务\t牵头单位\n以上请各单位认真落实。\n") is None


def test_unit_notes_split_by_tabs_are_not_a_table_header():
    text = "1.建设智慧停车平台\n牵头单位：市城管局\t配合单位：市公安局\t完成时限：8月\n2.整治占道经营\n牵头单位：各区\t配合单位：市场监管局\n"
    assert find_text_table(text) is None


def test_pasted_table_with_a_two_row_header():
    text = (
        "某区整改任务表\n序号\t整改事项\t责任单位\t责任单位\t完成时限\n\t\t牵头\t配合\t\n"
        "1\t规范物业收费\t区住建局\t区发改局\t7月\n2\t清理僵尸车辆\t区公安分局\t各街道\t5月\n"
    )
    result = parse_text(text)
    assert result.title == "某区整改任务表"
    assert [(n.title, n.lead_units, n.co_units) for n in result.items] == [
        ("规范物业收费", ["区住建局"], ["区发改局"]),
        ("清理僵尸车辆", ["区公安分局"], ["各街道"]),
    ]


def test_long_plan_quoting_a_small_table_stays_text():
    body = "坚持问题导向，聚焦群众急难愁盼，推动各项措施落地落细。" * 15
    text = f"某县工作方案\n一、总体要求\n{body}\n序号\t任务\t牵头单位\n1\t清理积案\t县法院\n"
    assert find_text_table(text) is None
    assert read_document(text.encode(), "方案.txt").rows is None


# ----------------------------------------------------------------------------------------------------
# Never anything but a Document or an IntakeError


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=3000),
    st.sampled_from(["a.txt", "a.docx", "a.xlsx", "a.xls", "a.pdf", "a.csv", "a.html", "", "a.png"]),
)
def test_any_bytes_give_a_document_or_an_intake_error(data, filename):
    try:
        doc = read_document(data, filename)
    except IntakeError as exc:
        assert exc.code in {
            IntakeError.EMPTY,
            IntakeError.BINARY,
            IntakeError.TOO_BIG,
            IntakeError.BAD_ENCODING,
            IntakeError.UNSUPPORTED,
            IntakeError.SCANNED,
            IntakeError.CORRUPT,
        }
    else:
        assert isinstance(doc, Document) and isinstance(doc.text, str)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["docx", "xlsx", "xls"]),
    st.integers(min_value=0, max_value=4000),
    st.binary(min_size=1, max_size=64),
)
def test_damaged_office_files_give_intake_errors(fmt, offset, junk):
    data = bytearray({"docx": make_docx, "xlsx": make_xlsx, "xls": make_xls}[fmt](ROWS, MERGES))
    offset = min(offset, len(data) - 1)
    data[offset : offset + len(junk)] = junk
    try:
        read_document(bytes(data), f"a.{fmt}")
    except IntakeError:
        pass


def test_intake_modules_do_not_import_django():
    code = (
        "import sys, luoshi.intake.readers, luoshi.intake.tables, luoshi.intake.export_xlsx;"
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_pasted_text_over_the_limit_is_refused_by_the_same_rule_as_an_upload():
    options = ParseOptions(max_bytes=30)
    text = "会议要求，要抓好落实，确保实效。"  # 16 characters, 48 bytes as UTF-8
    with pytest.raises(IntakeError) as pasted:
        parse_text(text, options)
    with pytest.raises(IntakeError) as uploaded:
        parse_bytes(text.encode("utf-8"), "a.txt", options)
    assert pasted.value.code == uploaded.value.code == IntakeError.TOO_BIG
    assert parse_text(text, ParseOptions(max_bytes=48)).items
