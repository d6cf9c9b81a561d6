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
