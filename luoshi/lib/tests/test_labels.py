from datetime import date
from decimal import Decimal

from luoshi.lib.cndates import cn_deadline
from luoshi.lib.targets import target_label


def test_a_deadline_reads_as_a_date_with_the_words_as_written():
    assert cn_deadline(date(2025, 6, 30), "6月底前") == "2025年6月30日（6月底前）"
    assert cn_deadline(date(2025, 6, 30), "") == "2025年6月30日"
    assert cn_deadline(date(2025, 6, 30), "2025年6月30日") == "2025年6月30日"
    assert cn_deadline(None, "长期坚持") == "长期坚持"
    assert cn_deadline(None) == ""


def test_a_target_reads_as_its_metric_and_figure():
    assert target_label("覆盖社团", Decimal("100.00"), "%") == "覆盖社团 100%"
    assert target_label("全年培训200人次", "200", "人次") == "全年培训200人次"
    assert target_label("", 12.5, "公里") == "12.5公里"


def test_a_metric_beside_its_figure_column_drops_the_figure_it_carries():
    from luoshi.lib.targets import metric_name

    assert metric_name("形成调研报告20篇", Decimal("20.00"), "篇") == "形成调研报告"
    assert metric_name("全年培训200人次，", "200", "人次") == "全年培训"
    assert metric_name("覆盖社团", 100, "%") == "覆盖社团"
    assert metric_name("20篇", 20, "篇") == "20篇"  # only the figure: nothing else to show
    assert metric_name("形成调研报告20篇", 30, "篇") == "形成调研报告20篇"  # another figure: left as written
