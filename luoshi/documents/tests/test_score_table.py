"""The 考核得分表: self and reviewed scores per indicator, read back with openpyxl."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from luoshi.assess import scoring
from luoshi.assess import services as assess
from luoshi.assess.models import ScoreLine
from luoshi.audit.services import Actor
from luoshi.documents.score_table import score_workbook
from luoshi.lib.errors import ServiceError
from luoshi.tests import factories as f

from .test_results_bulletin import final, scheme_in_publicity  # noqa: F401  (fixtures)


def _sheet(plan):
    return load_workbook(io.BytesIO(score_workbook(plan)))["区"]


def test_headers_are_merged_over_each_indicator_and_its_group(june, final):  # noqa: F811
    ws = _sheet(june)
    assert ws["A1"].value == "2025年度各区目标考核方案得分表"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:A5", "B3:B5"} <= merged  # 名次, 单位 span the three header rows
    assert ws["C3"].value == "任务落实" and "C3:D3" in merged
    assert ws["C4"].value == "按时报送（60.00分）" and "C4:D4" in merged
    assert (ws["C5"].value, ws["D5"].value) == ("自评", "审核")
    assert ws["E3"].value == "工作作风" and "E3:H3" in merged  # two rows of two columns
    assert [ws.cell(3, c).value for c in range(9, 15)] == [
        "平时考核",
        "年终考核",
        "加分",
        "总分",
        "等次",
        "备注",
    ]


def test_rows_follow_the_ranking_with_self_and_reviewed_scores(june, final):  # noqa: F811
    ranking = scoring.ranking(final)
    ws = _sheet(june)
    assert [ws.cell(r, 2).value for r in range(6, 6 + len(ranking))] == [s.unit.name for s in ranking]
    first = ranking[0]
    assert ws.cell(6, 1).value == first.rank and Decimal(str(ws.cell(6, 12).value)) == first.total
    line = ScoreLine.objects.get(assessment_id=first.assessment_id, indicator__name="按时报送")
    assert Decimal(str(ws["D6"].value)) == line.current
    assert ws["C6"].value is None  # nobody self-assessed in this fixture


def test_the_self_score_sits_beside_the_office_score(june, supervisor):
    """A unit's self score and the office's review, side by side."""
    from .test_results_bulletin import PUBLISHED_ON, _scheme

    scheme, _, _ = _scheme(june, supervisor)
    a = scheme.assessments.select_related("unit").order_by("unit__order").first()
    rows = {line.indicator.name: line for line in a.lines.select_related("indicator")}
    scores = {line.indicator_id: ("9" if name != "按时报送" else "60", "") for name, line in rows.items()}
    liaison = f.UserFactory(unit=a.unit)
    assess.self_assess(Actor(liaison), a, scores, revision=a.revision, submit=True)
    assess.advance(Actor(supervisor), scheme, "review", today=PUBLISHED_ON)
    a.refresh_from_db()
    assess.review_line(
        Actor(supervisor), rows["按时报送"], score="45", reason="迟报一次", revision=a.revision
    )
    ws = _sheet(june)
    row = next(r for r in range(6, 10) if ws.cell(r, 2).value == a.unit.name)
    assert (ws.cell(row, 3).value, ws.cell(row, 4).value) == (60, 45)


def test_print_layout_frozen_panes_and_widths(june, final):  # noqa: F811
    ws = _sheet(june)
    assert ws.freeze_panes == "C6"
    assert ws.print_title_rows == "$3:$5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["B"].width == 24 and ws.column_dimensions["C"].width == 7


def test_a_unit_name_that_looks_like_a_formula_stays_text(june, final):  # noqa: F811
    unit = final.assessments.first().unit
    unit.name = '=HYPERLINK("http://x")'
    unit.save()
    ws = _sheet(june)
    cell = next(ws.cell(r, 2) for r in range(6, 10) if ws.cell(r, 2).value == unit.name)
    assert cell.data_type == "s" and cell.quotePrefix


def test_no_published_scheme_is_refused_in_chinese(june):
    with pytest.raises(ServiceError, match="还没有已发布的考核方案"):
        score_workbook(june)


def test_the_command_writes_it(june, final, tmp_path):  # noqa: F811
    out = tmp_path / "得分表.xlsx"
    call_command("export", "scores", "--plan", str(june.pk), "--out", str(out), stdout=io.StringIO())
    assert load_workbook(out).sheetnames == ["区"]
