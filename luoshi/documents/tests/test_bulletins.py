"""The discipline 通报 reads as an office writes it and is built from the figures."""

import datetime

from luoshi.documents import bulletins, discipline
from luoshi.lib.gbt9704 import write_docx

from .conftest import TODAY, at
from .docx_xml import parts, runs_with_text


def _document(plan):
    return bulletins.discipline_bulletin(discipline.compute(plan, "2025-06", today=TODAY))


def test_it_has_the_structure_of_a_bulletin(june):
    doc = _document(june)
    assert doc.title == "关于2025年统战工作要点6月份落实和报送情况的通报"
    assert doc.opening[0].endswith("现将有关情况通报如下。")
    assert [s.heading for s in doc.sections] == ["总体情况", "好的做法", "存在问题", "下一步要求"]
    assert doc.sections[3].paragraphs[0].startswith("一是") and doc.sections[3].paragraphs[1].startswith(
        "二是"
    )
    assert doc.issuer == "某市委统战部" and doc.issued_on == TODAY


def test_the_overview_gives_the_figures(june):
    text = "".join(_document(june).sections[0].paragraphs)
    assert "可考核任务2项" in text and "涉及责任单位4个" in text
    assert "应完成任务1项，已办结0项，按期办结率0%；超期未办结任务1项" in text
    assert "应报送进度报告4份（报送截止2025年7月7日），按时报送2份，按时报送率50%" in text
    assert "迟报1份、未报1份、退回待重报1份" in text


def test_good_units_and_laggards_are_named_with_counts(june):
    doc = _document(june)
    assert doc.sections[1].paragraphs[0].startswith("江岸区委统战部高度重视")
    problems = doc.sections[2].paragraphs
    assert problems[0].startswith("（一）进度报送不及时、不规范。")
    assert "江汉区委统战部（未报1份）、硚口区委统战部（迟报1份、退回待重报1份）" in problems[0]
    assert problems[1].startswith("（二）部分任务未达序时进度。江汉区委统战部（未达序时1项）")
    assert problems[2].startswith("（三）部分任务超期未办结。汉阳区委统战部（超期1项）")


def test_the_attachment_lists_every_unit(june):
    table = _document(june).attachments[0]
    assert table.title == "6月份任务落实情况表"
    assert [r[1] for r in table.rows] == [
        "江岸区委统战部",
        "江汉区委统战部",
        "硚口区委统战部",
        "汉阳区委统战部",
    ]
    assert table.rows[0][2:] == ["1/0", "1", "1", "0", "0", "0", "0", "0", "100%"]


def test_with_nothing_wrong_there_is_nothing_to_criticise(june):
    from luoshi.plans.models import Assignment
    from luoshi.reports.models import Report

    Report.objects.filter(period="2025-06").update(
        status="accepted", submitted_at=at(datetime.date(2025, 7, 1))
    )
    Assignment.objects.update(progress=100, is_overdue=False)
    doc = _document(june)
    assert doc.sections[2].paragraphs == [
        "本期各责任单位均按要求报送，未发现未达序时进度或超期未办结的任务。"
    ]


def test_the_bulletin_lays_out_as_a_word_file(june):
    root = parts(write_docx(_document(june)))["word/document.xml"]
    assert runs_with_text(root, "三、存在问题")
    assert runs_with_text(root, "江岸区委统战部")
