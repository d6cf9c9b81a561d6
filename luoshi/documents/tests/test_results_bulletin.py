"""The results 通报 (考核结果通报): written from the final scores of the plan's schemes and the year's record,
laid out in GB/T 9704, refused with the reason while results are not final."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from luoshi.assess import services as assess
from luoshi.assess.models import Scheme
from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.documents import results, results_bulletin
from luoshi.lib.errors import ServiceError
from luoshi.lib.gbt9704 import write_docx

from .conftest import TODAY
from .docx_xml import font_of, parts, runs_with_text, w

PUBLISHED_ON = datetime.date(2024, 12, 20)


def _scheme(plan, supervisor):
    office = Actor(supervisor)
    scheme = assess.create_scheme(office, plan, unit_kind="district", title="2025年度各区目标考核方案")
    work = assess.add_indicator(office, scheme, name="任务落实", points_value="0", office="督查室")
    assess.add_indicator(office, scheme, parent=work, name="按时报送", points_value="60", measure="reporting")
    conduct = assess.add_indicator(office, scheme, name="工作作风", points_value="0", office="办公室")
    criticism = assess.add_indicator(
        office,
        scheme,
        parent=conduct,
        name="通报批评",
        points_value="10",
        method="deduction",
        deduction_cap="10",
    )
    opinion = assess.add_indicator(
        office,
        scheme,
        parent=conduct,
        name="领导评价",
        points_value="30",
        method="evaluators",
        phase="year_end",
    )
    assess.add_veto_item(office, scheme, title="发生重大安全责任事故", basis="《考核办法》第十二条")
    return assess.publish_scheme(office, scheme, today=PUBLISHED_ON), criticism, opinion


@pytest.fixture
def scheme_in_publicity(june, supervisor):
    """June's four districts on one scheme, reviewed, approved and in 公示, with a bonus for 江岸, a
    deduction for 汉阳 and a veto finding for 硚口."""
    office = Actor(supervisor)
    scheme, criticism, opinion = _scheme(june, supervisor)
    units = {a.unit.short_name: a.unit for a in scheme.assessments.select_related("unit")}
    for name, mark in (("江岸区", "29"), ("江汉区", "20"), ("硚口区", "27"), ("汉阳区", "25")):
        assess.rate(office, opinion, units[name], evaluator="部长", score=mark, reason="按年终述职评价")
    assess.add_deduction(
        office,
        criticism,
        units["汉阳区"],
        points_value="2",
        reason="5月报送无实质内容",
        basis="督〔2025〕3号",
        on=TODAY,
    )
    assess.claim_bonus(
        office,
        scheme,
        units["江岸区"],
        achievement="同心工程经验获全国推广",
        title="关于推广经验做法的通知",
        number="统办发〔2025〕12号",
        issuer="中央统战部办公厅",
        level="national",
        issued_on=datetime.date(2025, 4, 18),
    )
    assess.find_veto(office, scheme.veto_items.get(), units["硚口区"], facts="发生安全责任事故")
    assess.advance(office, scheme, Scheme.Stage.REVIEW, today=TODAY)
    for stage in (Scheme.Stage.APPROVED, Scheme.Stage.PUBLICITY):
        assess.advance(office, scheme, stage, today=datetime.date(2025, 7, 1))
    return scheme


@pytest.fixture
def final(scheme_in_publicity, supervisor):
    assess.advance(Actor(supervisor), scheme_in_publicity, Scheme.Stage.FINAL, today=TODAY)
    return scheme_in_publicity


def _document(plan):
    return results_bulletin.results_bulletin(results.compute(plan, today=TODAY))


def test_it_is_refused_until_the_results_are_final(june, scheme_in_publicity):
    with pytest.raises(ServiceError, match="考核结果尚未确定.*处于“公示”环节"):
        results.compute(june, today=TODAY)


def test_without_any_scheme_it_says_so(june):
    with pytest.raises(ServiceError, match="还没有已发布的考核方案"):
        results.compute(june, today=TODAY)


def test_it_has_the_structure_of_a_results_bulletin(june, final):
    doc = _document(june)
    assert doc.title == "关于2025年统战工作要点目标考核结果的通报"
    assert doc.opening[0].startswith(
        "为推动《2025年统战工作要点》各项任务落地见效，根据《2025年度各区目标考核方案》"
    )
    assert "平时考核占60%、年终考核占40%" in doc.opening[0]
    assert doc.opening[0].endswith("现将考核结果通报如下。")
    assert [s.heading for s in doc.sections] == ["总体情况", "好的做法", "存在问题", "下一步要求"]
    asks = doc.sections[3].paragraphs
    assert asks[0].startswith("一是") and asks[1].startswith("二是")
    assert doc.issuer == "某市委统战部" and doc.issued_on == TODAY


def test_the_figures_come_from_the_ranking(june, final):
    from luoshi.assess import scoring

    ranking = scoring.ranking(final)
    overview = "".join(_document(june).sections[0].paragraphs)
    top, bottom = ranking[0], ranking[-1]
    assert f"参加考核的区共{len(ranking)}个" in overview
    assert f"最高{results_bulletin.score(top.total)}（{top.unit.name}）" in overview
    assert f"最低{results_bulletin.score(bottom.total)}（{bottom.unit.name}）" in overview
    grades = {
        label: sum(1 for s in ranking if s.grade_label == label) for label in ("优秀", "良好", "一般", "较差")
    }
    assert "评定" + "、".join(f"{k}{v}个" for k, v in grades.items()) in overview
    assert "1个单位凭正式文件获得加分（国家级1份）" in overview and "1个单位因" in overview
    # the year's filing: four reports owed in May and four in June; 江岸 twice and 汉阳 once on time
    assert "全年应报送进度报告8份，按时报送3份，按时报送率37.5%" in overview


def test_good_units_and_laggards_are_named_with_their_counts(june, final):
    from luoshi.assess import scoring

    doc = _document(june)
    good = "".join(doc.sections[1].paragraphs)
    excellent = [s for s in scoring.ranking(final) if s.grade == "excellent"]
    for s in excellent:
        assert f"{s.unit.name}（{results_bulletin.score(s.total)}）" in good
    assert "江岸区委统战部同心工程经验获全国推广（中央统战部办公厅统办发〔2025〕12号，国家级）" in good
    problems = doc.sections[2].paragraphs
    text = "".join(problems)
    assert "江汉区委统战部（未达序时1项）" in text
    assert "汉阳区委统战部（超期1项）" in text
    assert "江汉区委统战部（未按要求报送2份：未报2份）" in text  # May and June
    assert "硚口区委统战部（未按要求报送3份：未报1份、迟报1份、退回待重报1份）" in text
    assert "汉阳区委统战部5月报送无实质内容，扣2分" in text
    assert "硚口区委统战部发生安全责任事故，按《考核办法》第十二条不得评为优秀" in text
    assert all(p.startswith(f"（{n}）") for p, n in zip(problems, "一二三四", strict=False))


def test_the_attachments_rank_every_unit_and_list_the_year(june, final):
    from luoshi.assess import scoring

    ranking_table, ledger = _document(june).attachments
    assert ranking_table.title == "2025年度区目标考核结果排名"
    assert ranking_table.columns[:2] == ["名次", "单位"] and "等次" in ranking_table.columns
    assert [r[1] for r in ranking_table.rows] == [s.unit.name for s in scoring.ranking(final)]
    assert [r[7] for r in ranking_table.rows] == [str(s.total) for s in scoring.ranking(final)]
    vetoed = next(r for r in ranking_table.rows if r[1] == "硚口区委统战部")
    assert vetoed[8] != "优秀"
    assert ledger.title == "2025年度任务落实情况表"
    jiangan = next(r for r in ledger.rows if r[1] == "江岸区委统战部")
    assert jiangan[3:5] == ["2", "2"]  # May and June, both on time


def test_the_docx_is_laid_out_as_an_official_document(june, final):
    xml = parts(write_docx(_document(june)))["word/document.xml"]
    title = runs_with_text(xml, "目标考核结果的通报")[0]
    assert font_of(title)["size"] == 22  # 二号
    heading = runs_with_text(xml, "一、总体情况")[0]
    assert font_of(heading)["eastAsia"] == "黑体"
    body = runs_with_text(xml, "现将考核结果通报如下")[0]
    assert font_of(body) == {"eastAsia": "仿宋_GB2312", "ascii": "仿宋_GB2312", "size": 16, "bold": False}
    sub = runs_with_text(xml, "（一）部分")[0]
    assert font_of(sub)["eastAsia"] == "楷体_GB2312"
    assert len(runs_with_text(xml, "附件：1．2025年度区目标考核结果排名")) == 1
    tables = list(xml.iter(w("tbl")))
    assert len(tables) == 2
    header = ["".join(t.text for t in tc.iter(w("t"))) for tc in tables[0].find(w("tr")).iter(w("tc"))]
    assert header[:2] == ["名次", "单位"]
    assert tables[0].find(w("tr")).find(w("trPr")).find(w("tblHeader")) is not None


def test_the_command_writes_it_and_records_it(june, final, tmp_path):
    out = tmp_path / "成绩.docx"
    call_command(
        "export",
        "bulletin",
        "--plan",
        str(june.pk),
        "--kind",
        "results",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "关于2025年统战工作要点目标考核结果的通报"
    entry = AuditEntry.objects.get(action="export_bulletin")
    assert entry.after["kind"] == "results" and entry.after["period"] == "2025"


def test_the_command_refuses_before_the_results_are_final(june, scheme_in_publicity, tmp_path):
    with pytest.raises(CommandError, match="考核结果尚未确定"):
        call_command(
            "export", "bulletin", "--plan", str(june.pk), "--kind", "results", "--out", str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()


def test_it_speaks_only_of_the_units_it_ranks(june, final, city):
    """A municipal unit with work in the plan but no final scheme is neither named nor listed."""
    from luoshi.plans.models import Task
    from luoshi.tests import factories as f

    municipal = f.UnitFactory(name="市民宗委", short_name="市民宗委", kind="municipal", parent=city, order=9)
    f.AssignmentFactory(task=Task.objects.get(plan=june, code="1"), unit=municipal, acknowledged=True)
    doc = _document(june)
    assert "市民宗委" not in "".join(p for s in doc.sections for p in s.paragraphs)
    assert "市民宗委" not in [row[1] for row in doc.attachments[-1].rows]
    assert "涉及责任单位5个" in doc.sections[0].paragraphs[0]  # the plan's work, all its units


def test_without_an_excellent_unit_the_leading_ones_are_asked_to_share(june, final):
    asks = "".join(_document(june).sections[3].paragraphs)
    assert "排名靠前的单位要总结提炼经验做法" in asks and "评为优秀的单位" not in asks
