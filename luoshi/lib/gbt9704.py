"""Lay an `OfficialDocument` out as a Word file in the GB/T 9704-2012 layout (党政机关公文格式), with python-docx.

* A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: a type area of 156 mm × 225 mm.
* A document grid of 22 lines × 28 characters (`w:docGrid type="linesAndChars"`), so Word and WPS fit three
  号 characters to it.
* Title 二号 方正小标宋简体 centred (where an office lacks the font, `Layout(title_font="宋体")` sets 宋体 in
  bold, the usual fallback); body 三号 仿宋_GB2312; first-level headings (一、) 黑体; second-level (（一）) 楷体.
* Every run names its East-Asian font (`w:rFonts w:eastAsia`), not only the Latin ones: without it Word and
  WPS set Chinese text in the theme's font whatever the style says.
* Page numbers 四号 宋体 “— 1 —”, right on odd pages and left on even ones (different odd and even footers),
  one character in from the edge of the type area.
* Dates in Arabic numerals; the attachment note after the body, each attachment table on a page of its own.
"""

from __future__ import annotations

import copy
import io
import math
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from .official import SUBHEADING, OfficialDocument, Table, arabic_date, ordinal

# Chinese type sizes in points.
ERHAO, SANHAO, SIHAO, WUHAO = 22, 16, 14, 10.5
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # millimetres
TWIPS_PER_MM = 1440 / 25.4


@dataclass(frozen=True)
class Layout:
    """The fonts and the grid; the defaults are the standard's."""

    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading_font: str = "黑体"
    subheading_font: str = "楷体_GB2312"
    page_number_font: str = "宋体"
    lines_per_page: int = 22
    chars_per_line: int = 28
    table_size: float = WUHAO

    @property
    def title_bold(self) -> bool:
        """宋体 stands in for 小标宋 only in bold."""
        return "小标宋" not in self.title_font


def grid(layout: Layout | None = None) -> tuple[int, int]:
    """(linePitch in twips, charSpace in 1/4096 pt) for 22 lines × 28 characters of 三号 in the type area;
    both rounded down so the last line and the last character still fit."""
    height = (PAGE_HEIGHT - MARGINS["top"] - MARGINS["bottom"]) * TWIPS_PER_MM
    width_pt = (PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]) * 72 / 25.4
    layout = layout or Layout()
    line_pitch = math.floor(height / layout.lines_per_page)
    char_space = math.floor((width_pt / layout.chars_per_line - SANHAO) * 4096)
    return line_pitch, char_space


def set_font(run, font: str, size: float, bold: bool = False) -> None:
    """The run's size and its font for every script, East Asian included."""
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    fonts.set(qn("w:hint"), "eastAsia")
    run.font.size = Pt(size)
    run.font.bold = bold


def _indent_chars(paragraph, first_line: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents in characters of the grid (w:firstLineChars etc., hundredths of a character), with the
    equivalent in points for readers that ignore the character units."""
    fmt = paragraph.paragraph_format
    if first_line:
        fmt.first_line_indent = Pt(SANHAO * first_line)
    if left:
        fmt.left_indent = Pt(SANHAO * left)
    if right:
        fmt.right_indent = Pt(SANHAO * right)
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for attr, chars in (("w:firstLineChars", first_line), ("w:leftChars", left), ("w:rightChars", right)):
        if chars:
            ind.set(qn(attr), str(chars * 100))


class Writer:
    """Lays out one document; `write_docx` is the entry point."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.doc = Document()
        self._page_setup()
        self._normal_style()

    # --- the page --------------------------------------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
        section.header_distance = Mm(15)
        # The page number's line sits 7 mm below the type area: its foot is about 23 mm from the edge.
        section.footer_distance = Mm(23)
        line_pitch, char_space = grid(self.layout)
        doc_grid = section._sectPr.find(qn("w:docGrid"))
        if doc_grid is None:
            doc_grid = OxmlElement("w:docGrid")
            section._sectPr.append(doc_grid)
        doc_grid.set(qn("w:type"), "linesAndChars")
        doc_grid.set(qn("w:linePitch"), str(line_pitch))
        doc_grid.set(qn("w:charSpace"), str(char_space))
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, paragraph, align) -> None:
        """“— N —” in 四号 宋体 with a PAGE field, one character in from the type area's edge."""
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(SIHAO)
        else:
            paragraph.paragraph_format.left_indent = Pt(SIHAO)
        size, font = SIHAO, self.layout.page_number_font
        set_font(paragraph.add_run("— "), font, size)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = paragraph.add_run()
            set_font(run, font, size)
            if kind:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = text
        set_font(paragraph.add_run(" —"), font, size)

    def _normal_style(self) -> None:
        style = self.doc.styles["Normal"]
        style.font.size = Pt(SANHAO)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), self.layout.body_font)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0  # one grid line

    # --- blocks -------------------------------------------------------------------------------------------

    def paragraph(self, text: str = "", *, font: str | None = None, size: float = SANHAO, bold=False):
        paragraph = self.doc.add_paragraph()
        if text:
            set_font(paragraph.add_run(text), font or self.layout.body_font, size, bold)
        return paragraph

    def title(self, text: str, number: str = "") -> None:
        lay = self.layout
        p = self.paragraph(text, font=lay.title_font, size=ERHAO, bold=lay.title_bold)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if number:
            self.paragraph(number).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph()  # one blank line below the title (and its number)

    def body(self, text: str) -> None:
        """A body paragraph, first line indented two characters; a leading （一） marker makes the words up
        to the first 。 a second-level heading in 楷体."""
        p = self.doc.add_paragraph()
        _indent_chars(p, first_line=2)
        match = SUBHEADING.match(text)
        if match:
            head, stop, rest = text.partition("。")
            set_font(p.add_run(head + stop), self.layout.subheading_font, SANHAO)
            if rest:
                set_font(p.add_run(rest), self.layout.body_font, SANHAO)
        else:
            set_font(p.add_run(text), self.layout.body_font, SANHAO)

    def heading(self, number: int, text: str) -> None:
        p = self.doc.add_paragraph()
        _indent_chars(p, first_line=2)
        set_font(p.add_run(f"{ordinal(number)}、{text}"), self.layout.heading_font, SANHAO)

    def attachment_note(self, tables: list[Table]) -> None:
        """附件：1．…  after the body and one blank line; further items aligned under the first name."""
        self.paragraph()
        for i, table in enumerate(tables, start=1):
            label = f"附件：{i}．" if i == 1 else f"{i}．"
            p = self.paragraph(f"{label}{table.title}" if len(tables) > 1 else f"附件：{table.title}")
            _indent_chars(p, first_line=2 if i == 1 else 0, left=0 if i == 1 else 5)

    def signature(self, issuer: str, issued_on) -> None:
        """The issuing office and the date, right-aligned four characters in (成文日期右空四字)."""
        self.paragraph()
        self.paragraph()
        for text in (issuer, arabic_date(issued_on) if issued_on else ""):
            if text:
                p = self.paragraph(text)
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _indent_chars(p, right=4)

    def attachment(self, number: int, count: int, table: Table) -> None:
        p = self.doc.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        set_font(p.add_run(f"附件{number}" if count > 1 else "附件"), self.layout.heading_font, SANHAO)
        self.paragraph()
        t = self.paragraph(table.title, font=self.layout.title_font, size=ERHAO, bold=self.layout.title_bold)
        t.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph()
        self.table(table)

    def table(self, table: Table) -> None:
        """The table with thin borders, its header row repeated on every page, text in the table size."""
        lay = self.layout
        grid_table = self.doc.add_table(rows=1, cols=len(table.columns))
        grid_table.style = self.doc.styles["Table Grid"]
        header = grid_table.rows[0]
        header_props = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        header_props.append(repeat)
        for cell, name in zip(header.cells, table.columns, strict=True):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_font(p.add_run(name), lay.heading_font, lay.table_size)
        # Body rows are copies of one formatted row with the text put in: python-docx's add_row and
        # run formatting per cell cost several times the XML they write, and a table runs to thousands of rows.
        model = grid_table.add_row()._tr
        for cell in model.tc_lst:
            p = cell.p_lst[0]
            run = Paragraph(p, None).add_run("-")
            set_font(run, lay.body_font, lay.table_size)
            run._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
        model.getparent().remove(model)
        body = grid_table._tbl
        for values in table.rows:
            tr = copy.deepcopy(model)
            for text_node, value in zip(tr.iter(qn("w:t")), values, strict=True):
                text_node.text = str(value)
            body.append(tr)
        if table.widths:
            total = sum(table.widths)
            width = PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]
            for column, share in zip(grid_table.columns, table.widths, strict=True):
                column.width = Mm(width * share / total)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def write_docx(document: OfficialDocument, layout: Layout | None = None) -> bytes:
    """The document as .docx bytes, laid out as GB/T 9704-2012 asks."""
    w = Writer(layout or Layout())
    w.title(document.title, document.number)
    if document.addressee:
        w.paragraph(document.addressee)
    for text in document.opening:
        w.body(text)
    for number, section in enumerate(document.sections, start=1):
        w.heading(number, section.heading)
        for text in section.paragraphs:
            w.body(text)
    if document.attachments:
        w.attachment_note(document.attachments)
    w.signature(document.issuer, document.issued_on)
    for number, table in enumerate(document.attachments, start=1):
        w.attachment(number, len(document.attachments), table)
    return w.save()
