"""Without ../shared the demo says, in Chinese, that its tasks are not linked to the report, and still loads."""

from datetime import date
from io import StringIO

import pytest

from luoshi.demo import data
from luoshi.demo.loader import load_demo
from luoshi.demo.management.commands.demo import Command
from luoshi.plans.models import Task


@pytest.mark.django_db
def test_without_the_founding_report_the_demo_says_so_and_still_loads(settings, tmp_path):
    settings.SHARED_DIR = tmp_path
    loaded = load_demo(date(2026, 11, 25), history_months=1)
    missing = tmp_path / "corpus/dev/wuhan-tongzhan-2023.txt"
    assert loaded.notes == [f"未找到全市统战部长会议的原文（{missing}），演示部署的任务不关联原文句子。"]
    assert loaded.plan.source_text == data.PLAN_SUMMARY
    assert Task.objects.filter(plan=loaded.plan).count() == 39
    assert not Task.objects.filter(plan=loaded.plan, source_start__isnull=False).exists()
    out = StringIO()
    Command(stdout=out).print_loaded(loaded)
    assert "39 项任务" in out.getvalue() and loaded.notes[0] in out.getvalue()
