"""The Word writer lays documents out as GB/T 9704-2012 asks; these tests read the .docx XML."""

from datetime import date

import pytest

from luoshi.lib.gbt9704 import Layout, grid, write_docx
from luoshi.lib.official import OfficialDocument, Section, Table, ordinal, points

from .docx_xml import NS, font_of, parts, runs_with_text, w

DOC = OfficialDocument(
    title="关于2025年统战工作要点6月份落实和报送情况的通报",
    addressee="各责任单位：",
    opening=["为推动各项任务落地见效，现将有关情况通报如下。"],
    sections=[
        Section("总体情况", ["（一）报送情况。应报送12份，按时报送10份。", "正文第二段。"]),
        Section("下一步要求", points(["提高认识。", "严格纪律。"])),
    ],
    issuer="某市委统战部",
    issued_on=date(2025, 7, 5),
    attachments=[Table("6月份任务落实情况表", ["序号", "单位"], [["1", "江岸区委统战部"], ["2", "=1+1"]])],
)


@pytest.fixture(scope="module")
def xml():
    return parts(write_docx(DOC))


def test_it_uses_a4_and_the_standard_margins_in_twips(xml):
    sect = xml["word/document.xml"].find(".//w:body/w:sectPr", NS)
    size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # 210 × 297 mm
    got = {k: margins.get(w(k)) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}  # 37/35/28/26 mm


def test_it_sets_a_grid_of_22_lines_of_28_characters(xml):
    doc_grid = xml["word/document.xml"].find(".//w:body/w:sectPr/w:docGrid", NS)
    assert doc_grid.get(w("type")) == "linesAndChars"
    line_pitch, char_space = int(doc_grid.get(w("linePitch"))), int(doc_grid.get(w("charSpace")))
    assert (line_pitch, char_space) == grid()
    type_area_height = (297 - 37 - 35) * 1440 / 25.4
    assert 22 * line_pitch <= type_area_height < 23 * line_pitch
    char_pt = 16 + char_space / 4096
    assert 28 * char_pt <= (210 - 28 - 26) * 72 / 25.4 < 29 * char_pt


def test_the_title_is_erhao_xiaobiaosong_centred(xml):
    (run,) = runs_with_text(xml["word/document.xml"], DOC.title)
    assert font_of(run) == {
        "eastAsia": "方正小标宋简体",
        "ascii": "方正小标宋简体",
        "size": 22,
        "bold": False,
    }
    assert run.getparent().find("w:pPr/w:jc", NS).get(w("val")) == "center"


def test_without_xiaobiaosong_the_title_falls_back_to_bold_songti():
    root = parts(write_docx(DOC, Layout(title_font="宋体")))["word/document.xml"]
    (run,) = runs_with_text(root, DOC.title)
    assert font_of(run)["eastAsia"] == "宋体" and font_of(run)["bold"]


def test_body_runs_name_their_east_asian_font(xml):
    root = xml["word/document.xml"]
    (run,) = runs_with_text(root, "正文第二段")
    assert font_of(run) == {"eastAsia": "仿宋_GB2312", "ascii": "仿宋_GB2312", "size": 16, "bold": False}
    ind = run.getparent().find("w:pPr/w:ind", NS)
    assert ind.get(w("firstLineChars")) == "200"
    normal = xml["word/styles.xml"].find(".//w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert normal.get(w("eastAsia")) == "仿宋_GB2312"


def test_headings_are_heiti_and_kaiti(xml):
    root = xml["word/document.xml"]
    (first,) = runs_with_text(root, "一、总体情况")
    (second,) = runs_with_text(root, "二、下一步要求")
    assert font_of(first)["eastAsia"] == font_of(second)["eastAsia"] == "黑体"
    (sub,) = runs_with_text(root, "（一）报送情况。")
    assert font_of(sub)["eastAsia"] == "楷体_GB2312"
    (rest,) = runs_with_text(root, "应报送12份")
    assert font_of(rest)["eastAsia"] == "仿宋_GB2312"
    assert runs_with_text(root, "一是提高认识。") and runs_with_text(root, "二是严格纪律。")


def _footer(xml, kind):
    sect = xml["word/document.xml"].find(".//w:body/w:sectPr", NS)
    ref = next(r for r in sect.findall(w("footerReference")) if r.get(w("type")) == kind)
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = xml["word/_rels/document.xml.rels"]
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return xml[f"word/{target}"]


@pytest.mark.parametrize("kind, align", [("default", "right"), ("even", "left")])
def test_page_numbers_are_sihao_songti_dashed_odd_right_even_left(xml, kind, align):
    footer = _footer(xml, kind)
    assert footer.find(".//w:p/w:pPr/w:jc", NS).get(w("val")) == align
    assert "PAGE" in "".join(t.text for t in footer.iter(w("instrText")))
    types = [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))]
    assert types == ["begin", "separate", "end"]
    text = "".join(t.text or "" for t in footer.iter(w("t")))
    assert text == "— 1 —"
    for run in footer.iter(w("r")):
        assert font_of(run)["eastAsia"] == "宋体" and font_of(run)["size"] == 14


def test_odd_and_even_footers_are_switched_on(xml):
    assert xml["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None


def test_the_date_is_in_arabic_numerals_right_aligned(xml):
    (run,) = runs_with_text(xml["word/document.xml"], "2025年7月5日")
    p = run.getparent()
    assert p.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    assert p.find("w:pPr/w:ind", NS).get(w("rightChars")) == "400"
    assert "〇" not in "".join(t.text or "" for t in xml["word/document.xml"].iter(w("t")))


def test_attachments_are_noted_and_tabled_with_a_repeated_header(xml):
    root = xml["word/document.xml"]
    assert runs_with_text(root, "附件：6月份任务落实情况表")
    (table,) = root.iter(w("tbl"))
    rows = table.findall(w("tr"))
    assert len(rows) == 3
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    cells = ["".join(t.text for t in tc.iter(w("t"))) for tc in rows[2].findall(w("tc"))]
    assert cells == ["2", "=1+1"]
    assert font_of(next(rows[1].iter(w("r"))))["eastAsia"] == "仿宋_GB2312"
    breaks = [b for b in root.iter(w("br")) if b.get(w("type")) == "page"]
    assert breaks, "each attachment starts a page"


def test_a_large_table_reads_back_row_for_row():
    import io

    from docx import Document

    rows = [[str(i), f"单位{i}"] for i in range(1, 401)]
    data = write_docx(OfficialDocument(title="通报", attachments=[Table("表", ["序号", "单位"], rows)]))
    table = Document(io.BytesIO(data)).tables[0]
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == rows


@pytest.mark.parametrize("n, words", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_ordinals(n, words):
    assert ordinal(n) == words
