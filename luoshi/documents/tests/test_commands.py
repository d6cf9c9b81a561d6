"""`luoshi export …` and `luoshi import returns …`, called as commands."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from luoshi.audit.models import AuditEntry
from luoshi.reports.models import Report

from .returns_files import filled
from .test_returns import GOOD, PERIOD, work  # noqa: F401  (the fixture)


def test_export_bulletin_writes_a_docx_for_the_latest_period(june, tmp_path):
    out = tmp_path / "通报.docx"
    call_command("export", "bulletin", "--plan", str(june.pk), "--out", str(out), stdout=io.StringIO())
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "关于2025年统战工作要点6月份落实和报送情况的通报"
    assert AuditEntry.objects.filter(action="export_bulletin").count() == 1


def test_export_tables(june, tmp_path):
    for what in ("tasks", "ledger"):
        call_command(
            "export",
            what,
            "--plan",
            str(june.pk),
            "--out",
            str(tmp_path / f"{what}.xlsx"),
            stdout=io.StringIO(),
        )
        assert (tmp_path / f"{what}.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="还没有已发布的考核方案"):
        call_command("export", "scores", "--plan", str(june.pk), "--out", str(tmp_path / "s.xlsx"))
    with pytest.raises(CommandError, match="没有编号为"):
        call_command("export", "tasks", "--plan", "999999", "--out", str(tmp_path / "t.xlsx"))


def test_import_returns_from_a_folder(plan, own_unit, work, tmp_path):  # noqa: F811
    (tmp_path / "江岸.xlsx").write_bytes(filled(plan, own_unit, PERIOD, GOOD))
    out = io.StringIO()
    call_command("import", "returns", str(tmp_path), stdout=out)
    assert "已导入1份报送表，2项任务存为草稿" in out.getvalue()
    assert Report.objects.filter(status="draft").count() == 2


def test_import_returns_lists_problems_and_imports_nothing(plan, own_unit, work, tmp_path):  # noqa: F811
    (tmp_path / "a.xlsx").write_bytes(filled(plan, own_unit, PERIOD, GOOD))
    (tmp_path / "b.xlsx").write_bytes(b"not a workbook")
    err = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何内容"):
        call_command("import", "returns", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx"), stderr=err)
    assert "b.xlsx" in err.getvalue() and "不是有效的 Excel" in err.getvalue()
    assert not Report.objects.exists()
