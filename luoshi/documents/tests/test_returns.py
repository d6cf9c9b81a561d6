"""Excel returns: download, fill, upload → draft reports; every bad input refused whole, in Chinese."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.documents.returns import layout, reading
from luoshi.documents.returns.importing import ReturnsRejected, import_returns
from luoshi.documents.returns.sheet import return_sheet
from luoshi.reports.models import Report
from luoshi.tests import factories as f

from .returns_files import filled, with_member

PERIOD = "2025-06"


@pytest.fixture
def work(plan, own_unit, other_unit):
    """Two tasks for the own unit (one with two targets), one for the other unit."""
    t1 = f.TaskFactory(plan=plan, code="1", title="深化理论学习")
    f.TargetFactory(task=t1, metric="培训人次", target_value=Decimal("200"), unit="人次")
    f.TargetFactory(task=t1, metric="覆盖单位", target_value=Decimal("30"), unit="家")
    t2 = f.TaskFactory(plan=plan, code="2", title="开展调研")
    t3 = f.TaskFactory(plan=plan, code="3", title="他区任务")
    return {
        "1": f.AssignmentFactory(task=t1, unit=own_unit, acknowledged=True),
        "2": f.AssignmentFactory(task=t2, unit=own_unit, acknowledged=True),
        "3": f.AssignmentFactory(task=t3, unit=other_unit, acknowledged=True),
    }


GOOD = {
    ("1", "培训人次"): {"完成值": 120, "完成进度（%）": 60, "工作进展": "举办培训班3期。"},
    ("1", "覆盖单位"): {"完成值": "18"},
    ("2", ""): {"完成进度（%）": 45, "工作进展": "完成调研提纲。"},
}


def _import(liaison, data, name="报送表.xlsx", **kw):
    return import_returns(
        Actor(liaison), [(name, data)], period=kw.get("period", PERIOD), plan=kw.get("plan")
    )


def _messages(error) -> list[str]:
    return [str(p) for _, p in error.value.problems]


def test_the_sheet_lists_the_units_own_work_and_reads_back_in_calamine(plan, own_unit, work):
    data = return_sheet(plan, own_unit, PERIOD)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(layout.SHEET).to_python()
    assert rows[1][:4] == ["填报单位", "江岸区委统战部", "报送周期", PERIOD]
    codes = [str(r[0]) for r in rows[layout.FIRST_DATA_ROW - 1 :]]
    assert codes == ["1", "1", "2"]  # one row per target; the other unit's task is not there
    ws = load_workbook(io.BytesIO(data))[layout.SHEET]
    assert ws.freeze_panes == "C5" and ws.print_title_rows == "$4:$4"


def test_a_filled_return_becomes_draft_reports(plan, own_unit, liaison, work):
    done = _import(liaison, filled(plan, own_unit, PERIOD, GOOD), plan=plan)
    assert (done.files, done.reports) == (1, 2)
    r1 = Report.objects.get(assignment=work["1"], period=PERIOD)
    assert (r1.status, r1.percent, r1.narrative) == ("draft", 60, "举办培训班3期。")
    assert sorted(v.actual_value for v in r1.values.all()) == [Decimal("18"), Decimal("120")]
    assert Report.objects.get(assignment=work["2"], period=PERIOD).percent == 45
    assert AuditEntry.objects.filter(action="import_returns").count() == 1


def test_another_units_return_is_refused(plan, own_unit, other_liaison, work):
    with pytest.raises(ReturnsRejected) as error:
        _import(other_liaison, filled(plan, own_unit, PERIOD, GOOD))
    assert _messages(error) == ["这是江岸区委统战部的报送表，只能导入本单位的报送表。"]
    assert not Report.objects.exists()


def test_a_return_of_another_period_is_refused(plan, own_unit, liaison, work):
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, "2025-05", GOOD))
    assert "这是2025-05的报送表，当前导入的是2025-06" in _messages(error)[0]


def test_every_bad_cell_is_listed_by_row_and_column_and_nothing_is_imported(plan, own_unit, liaison, work):
    bad = {
        ("1", "培训人次"): {"完成值": "约一百", "完成进度（%）": 150},
        ("1", "覆盖单位"): {"工作进展": "写错了行"},
        ("2", ""): {"完成进度（%）": 45, "完成值": 3},
    }
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, PERIOD, bad))
    assert _messages(error) == [
        "第5行“完成值”列：应填数字，现为“约一百”。",
        "第5行“完成进度（%）”列：应填0到100的整数，现为150。",
        "第6行“工作进展”列：完成进度和工作进展只在任务1的第一行（第5行）填写。",
        "第7行“完成值”列：任务2没有量化指标，不填完成值。",
    ]
    assert not Report.objects.exists()


def test_an_unknown_task_code_is_named(plan, own_unit, liaison, work):
    def add_row(ws):
        ws.append(["3", "他区任务", "牵头", "", "", "", "", None, 50, "冒报"])

    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, PERIOD, GOOD, edit=add_row))
    assert _messages(error) == ["第8行“任务编号”列：任务编号“3”不是本单位在该工作部署中承办的任务。"]


def test_a_formula_is_refused_with_its_cell(plan, own_unit, liaison, work):
    formula = {**GOOD, ("1", "覆盖单位"): {"完成值": "=10+8"}}
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, PERIOD, formula))
    assert _messages(error) == ["报送表中不能使用公式，请把以下单元格改为直接填写的数值：H6。"]


def test_a_service_refusal_rolls_back_every_row(plan, own_unit, liaison, work):
    """Task 2's June report is already submitted: task 1's draft must not stay behind either."""
    f.ReportFactory(assignment=work["2"], period=PERIOD, status="submitted")
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, PERIOD, GOOD))
    assert _messages(error) == ["第7行：任务2：2025-06的报告已报送，不能重复填报。"]
    assert not Report.objects.filter(assignment=work["1"]).exists()
    assert not AuditEntry.objects.filter(action__in=["import_returns", "start_report", "save_draft"]).exists()


def test_an_empty_return_is_refused(plan, own_unit, liaison, work):
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, filled(plan, own_unit, PERIOD, {}))
    assert _messages(error) == ["报送表中没有填写任何内容。"]


# --- hostile files: refused before anything reads them -----------------------------------------------------


def _file_error(liaison, data, name="报送表.xlsx") -> str:
    with pytest.raises(ReturnsRejected) as error:
        _import(liaison, data, name=name)
    (message,) = _messages(error)
    return message


def test_a_macro_enabled_workbook_is_refused(plan, own_unit, liaison, work):
    data = filled(plan, own_unit, PERIOD, GOOD)
    assert "宏" in _file_error(liaison, data, name="报送表.xlsm")
    assert "包含宏" in _file_error(liaison, with_member(data, "xl/vbaProject.bin", b"\x00" * 64))


def test_a_password_protected_workbook_is_refused(liaison, work):
    # Excel saves an encrypted .xlsx as an OLE2 compound file holding EncryptionInfo and EncryptedPackage.
    ole = reading.OLE_MAGIC + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    assert _file_error(liaison, ole) == "该工作簿设置了打开密码，系统无法读取。请取消密码后重新上传。"
    assert "旧版" in _file_error(liaison, reading.OLE_MAGIC + b"\x00" * 1024)


def test_a_zip_bomb_is_refused_from_its_directory(plan, own_unit, liaison, work):
    data = with_member(
        filled(plan, own_unit, PERIOD, GOOD), "xl/media/zeros.bin", b"\x00" * (4 * 1024 * 1024)
    )
    assert len(data) < 100_000
    assert "压缩炸弹" in _file_error(liaison, data)


def test_a_huge_file_is_refused_unread(liaison, work):
    assert "文件过大" in _file_error(liaison, b"PK" + b"\x00" * reading.MAX_BYTES)


def test_garbage_is_not_a_workbook(liaison, work):
    assert "不是有效的 Excel" in _file_error(liaison, b"hello, not a workbook")


def test_a_reshaped_sheet_is_refused(plan, own_unit, liaison, work):
    def move_columns(ws):
        ws.cell(layout.HEADER_ROW, 8).value = "实际完成"

    assert "列标题被改动" in _file_error(liaison, filled(plan, own_unit, PERIOD, GOOD, edit=move_columns))
