"""Numbered headings, their levels and nesting, and lines holding several numbered items."""

import pytest

from luoshi.intake import parse_text
from luoshi.intake.outline import outline_marker, split_numbered


@pytest.mark.parametrize(
    ("text", "marker", "level"),
    [
        ("一、总体要求", "一、", 1),
        ("十二、其他事项", "十二、", 1),
        ("（三）加强协作", "（三）", 2),
        ("(四)加强协作", "(四)", 2),
        ("2.完善机制", "2.", 3),
        ("12、完善机制", "12、", 3),
        ("（1）建立台账", "（1）", 4),
        ("③规范流程", "③", 5),
        ("一、2024年主要目标", "一、", 1),
    ],
)
def test_it_reads_markers_and_levels(text, marker, level):
    found = outline_marker(text, 0, len(text))
    assert (found.text, found.level) == (marker, level)


@pytest.mark.parametrize("text", ["3.5%的增长目标", "2024年工作", "（此件公开发布）", "一", "一、"])
def test_it_does_not_take_ordinary_text_for_a_marker(text):
    assert outline_marker(text, 0, len(text)) is None


def test_a_line_of_numbered_items_is_split_where_the_numbering_continues():
    text = "（1）建立台账；（2）定期调度；（3）按月通报。"
    pieces = [text[s:e] for s, e in split_numbered(text, 0, len(text))]
    assert pieces == ["（1）建立台账；", "（2）定期调度；", "（3）按月通报。"]


def test_numbers_that_do_not_continue_do_not_split():
    text = "（1）建立台账，参照文件第（3）项执行。"
    assert split_numbered(text, 0, len(text)) == [(0, len(text))]


def test_headings_nest_by_level_and_keep_offsets():
    text = "一、强化保障\n（一）完善制度。细化规则。\n1.修订办法。\n（二）充实力量。\n二、严格考核\n"
    result = parse_text(text)
    first, second = result.items
    assert [first.title, second.title] == ["强化保障", "严格考核"]
    assert [c.title for c in first.children] == ["完善制度", "充实力量"]
    assert first.children[0].children[0].title == "修订办法"
    assert first.children[0].children[0].level == 3
    for node in (first, *first.children):
        assert text[node.start : node.end] == node.text


def test_a_level_three_item_directly_under_level_one_nests_one_deeper():
    result = parse_text("一、总体目标\n1.提高覆盖率。\n2.缩短办理时间。")
    assert [c.marker for c in result.items[0].children] == ["1.", "2."]


def test_unnumbered_paragraphs_under_a_heading_are_its_items():
    text = (
        "（二）基本原则。\n"
        "坚持统筹兼顾，注重整体推进。\n"
        "坚持分类指导，注重因地制宜。\n"
        "坚持开放共享，注重协同联动。\n"
    )
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["坚持统筹兼顾", "坚持分类指导", "坚持开放共享"]


def test_a_heading_sentence_followed_by_items_starts_the_list():
    text = (
        "（一）夯实基础，提升能力。建立数据平台，实现信息共享。有关细节另行通知。\n"
        "完善评价办法，突出结果导向。\n"
        "加强人员培训，提高业务水平。\n"
    )
    (node,) = parse_text(text).items
    assert node.title == "夯实基础"
    assert [c.title for c in node.children] == ["建立数据平台", "完善评价办法", "加强人员培训"]


def test_a_note_line_belongs_to_the_item_above():
    text = "（一）新建口袋公园10个\n责任单位：市园林局\n（二）改造老旧小区\n"
    first, second = parse_text(text).items
    assert first.lead_units == ["市园林局"]
    assert second.lead_units == []


def test_an_attachment_list_is_no_outline():
    text = (
        "一、主要任务\n（一）改善水质。提升达标率。\n（二）加强监测。完善站点。\n"
        "附件：1.重点项目表\n2.监测点位清单\n3.责任分工明细\n抄送：市政府办公室。\n"
    )
    (top,) = parse_text(text).items
    assert [c.title for c in top.children] == ["改善水质", "加强监测"]
    assert all(not c.children for c in top.children)


def test_an_attachment_line_at_the_top_leaves_the_attached_plan_alone():
    text = "附件：某某工作方案\n\n某某工作方案\n一、总体要求\n（一）目标。完成改造。\n二、保障措施\n"
    assert [n.title for n in parse_text(text).items] == ["总体要求", "保障措施"]


def test_a_speech_pasted_as_one_line_opens_its_outline_at_a_first_heading_and_its_first_sub_heading():
    text = (
        "同志们： 今天召开会议，总结上半年工作，部署下半年任务。刚才几个单位作了交流发言，讲得很好，"
        "值得大家学习借鉴。下面我讲几点意见： 一、坚持抓基层、打基础，各项工作取得新成效 今年任务繁重，"
        "各级党组织认真落实上级部署，扎实开展各项活动，抓好换届选举工作，各项工作有序推进、成效明显。"
        " （一）抓重点，换届工作圆满完成。根据部署，今年统一换届，县里统一安排，各乡镇按时完成了选举，"
        "新班子结构明显优化，为今后工作打下了基础。"
    )
    heads = [(n.marker, n.title) for n in parse_text(text).items if n.marker]
    assert heads == [("一、", "坚持抓基层、打基础")]
    (first,) = [n for n in parse_text(text).items if n.marker]
    assert [(c.marker, c.title) for c in first.children] == [("（一）", "抓重点")]


def test_a_lone_first_marker_and_a_deeper_one_in_ordinary_prose_do_not_split():
    text = "会议要求：一、二级单位要细化方案。（一）类事项当日办结。"
    assert split_numbered(text, 0, len(text)) == [(0, len(text))]


def test_a_plan_pasted_as_one_line_with_spaces_where_line_breaks_were():
    text = (
        "各区人民政府： 现将年度计划印发给你们，请认真贯彻执行。 2026年3月1日 关于年度计划的报告 "
        "今年是实施规划的关键之年，做好今年工作意义重大，全年要突出抓好稳增长、促改革、惠民生等重点工作，"
        "确保各项目标任务顺利完成，为长远发展打下坚实基础。各地各部门要加强统筹协调，细化工作举措，压实工作责任，"
        "形成推动发展的强大合力。 一、坚持稳字当头，着力巩固经济回升势头 "
        "（一）积极扩大有效投资。谋划一批重大项目，加快专项债券发行使用。"
    )
    (head,) = [n for n in parse_text(text).items if n.marker]
    assert (head.marker, head.title) == ("一、", "坚持稳字当头")
    assert [(c.marker, c.title) for c in head.children] == [("（一）", "积极扩大有效投资")]
