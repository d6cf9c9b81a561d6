"""Deadlines as written, quantified targets and Chinese numerals."""

import pytest

from luoshi.intake.deadlines import find_deadline, is_deadline_line
from luoshi.intake.numerals import cn_to_int, to_number
from luoshi.intake.targets import find_targets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("力争6月底前完成验收", "6月底前"),
        ("年底前实现全覆盖", "年底前"),
        ("2025年10月建成投用", "2025年10月"),
        ("2024年9月30日前报送", "2024年9月30日前"),
        ("应在通知下发之日起15个工作日内报送", "通知下发之日起15个工作日内"),
        ("这项工作需长期坚持", "长期坚持"),
        ("每季度报送一次进展", "每季度"),
        ("完成时限：三季度末", "三季度末"),
        ("不断提高服务水平", None),
    ],
)
def test_it_finds_deadlines_as_written(text, expected):
    assert find_deadline(text, 0, len(text)) == expected


def test_a_deadline_line_is_recognised():
    assert is_deadline_line("完成时限：2024年12月", 0, 14)
    assert not is_deadline_line("加快进度，完成时限：年底，并报送总结材料", 0, 21)


def test_it_finds_targets_with_units():
    text = "全年培训干部300人次，新增示范企业12家，覆盖率达到95.5%，投入资金80万元"
    found = [(t.value, t.unit) for t in find_targets(text, 0, len(text))]
    assert found == [(300, "人次"), (12, "家"), (95.5, "%"), (80, "万元")]


def test_chinese_numeral_targets_count_but_framework_names_do_not():
    text = "举办三场宣讲，落实“四个重点”，建设五个站点"
    found = [(t.value, t.unit) for t in find_targets(text, 0, len(text))]
    assert (3, "场") in found
    assert all(unit != "个" or value != 4 for value, unit in found)


def test_durations_are_not_counts():
    assert find_targets("组织为期6个月的见习", 0, 10) == []


def test_target_text_is_its_clause():
    text = "开展活动，服务群众2000人次，效果良好"
    (target,) = find_targets(text, 0, len(text))
    assert target.text == "服务群众2000人次"


@pytest.mark.parametrize(
    ("text", "value"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两万", 20000)]
)
def test_chinese_numerals(text, value):
    assert cn_to_int(text) == value


def test_to_number_reads_full_width_digits():
    assert to_number("１２") == 12.0
    assert to_number("甲") is None


@pytest.mark.parametrize("value", ["8月底前", "每周", "全年", "长期坚持", "2027年3月—5月", "年底前完成"])
def test_deadline_values(value):
    from luoshi.intake.deadlines import is_deadline_value

    assert is_deadline_value(value)


@pytest.mark.parametrize("value", ["区档案馆", "各所配合", "6月", "市场监管所"])
def test_unit_values_are_no_deadlines(value):
    from luoshi.intake.deadlines import is_deadline_value

    assert not is_deadline_value(value)


def test_time_arrangement_labels_are_deadline_lines():
    text = "时间安排：7月底前"
    assert is_deadline_line(text, 0, len(text))
    assert find_deadline(text, 0, len(text)) == "7月底前"


@pytest.mark.parametrize("value", ["上半年", "下半年", "三季度末", "2026年一季度", "第四季度", "持续推进"])
def test_periods_are_deadline_values(value):
    from luoshi.intake.deadlines import is_deadline_value

    assert is_deadline_value(value)


def test_the_time_slot_of_a_note_beats_a_frequency_in_the_text():
    from luoshi.intake import parse_text

    text = (
        "（一）建立月度通报制度，每月通报一次。（督查室牵头，办公室配合，长期坚持）\n"
        "（二）修订管理办法。（法制科牵头，下半年）\n"
        "（三）开展专项检查。（审计科牵头，2026年一季度）\n"
        "（四）清理积压台账。（档案科牵头，9月底前完成）\n"
    )
    assert [n.deadline for n in parse_text(text).items] == ["长期坚持", "下半年", "2026年一季度", "9月底前"]


def test_a_labelled_deadline_still_wins_over_a_note_slot():
    text = "推进改造。（城建科牵头，上半年）完成时限：8月底前"
    assert find_deadline(text, 0, len(text)) == "8月底前"
