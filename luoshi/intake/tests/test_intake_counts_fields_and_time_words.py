"""A counted noun of actors is no framework, fields set side by side with
spaces, portal caption lines, a leading year, named frameworks whose items follow as 一要…, a two-item
即 apposition joined by 和, items after a leading clause, and frequency words in running text."""

from luoshi.intake import parse_text
from luoshi.intake.deadlines import find_deadline

from .trees import frameworks_in as frameworks
from .trees import walk

# 4. A count of actors in an earlier sentence does not name the numbered items after another sentence.


def test_a_count_of_speakers_is_not_the_framework_of_later_points():
    text = (
        "同志们：\n刚才，两个街道作了表态发言，讲得很实在。接下来，我提两点要求。\n"
        "第一，抓好安全生产。要排查隐患。\n第二，抓好民生保障。要兜住底线。\n"
    )
    assert frameworks(text) == []
    heads = [n.title for n in walk(parse_text(text).items) if n.marker]
    assert heads == ["抓好安全生产", "抓好民生保障"]


# 5. Fields separated by full-width spaces; a title before a dash and a label.


def test_fields_set_with_full_width_spaces_end_at_the_next_label():
    text = "1. 建设社区书屋 — 牵头单位：区文旅局　配合单位：各街道办事处　完成时限：2026年9月\n"
    (node,) = parse_text(text).items
    assert node.title == "建设社区书屋"
    assert node.lead_units == ["区文旅局"] and node.co_units == ["各街道办事处"]
    assert node.deadline == "2026年9月"


def test_portal_caption_lines_are_not_nodes():
    text = (
        "来源：区融媒体中心　　发布时间：2026-03-02　　字号：大 中 小\n"
        "3月1日，全区农业农村工作会议召开。会议要求，要抓好春耕备耕。\n"
        "责任编辑：李某\n"
    )
    titles = [n.title for n in walk(parse_text(text).items)]
    assert not any(t.startswith(("来源", "责任编辑")) for t in titles)


def test_a_leading_year_is_not_the_title():
    text = "2027年，全县水利工作的思路是：补短板、强监管。\n"
    (node,) = parse_text(text).items
    assert node.title != "2027年" and node.title.startswith("全县水利工作")


# 1. A framework named after its quoted items, the items following as 一要…三要.


def test_a_named_count_of_things_takes_the_numbered_items_that_follow():
    text = "新的一年要着力办好“稳岗”“扩面”“提质”三件事。一要在“稳岗”上出实招。落实补贴。二要在“扩面”上求突破。扩大覆盖。三要在“提质”上下功夫。优化服务。\n"
    (fw,) = frameworks(text)
    assert fw.framework.count == 3
    assert [c.marker for c in fw.children] == ["一要", "二要", "三要"]


def test_a_one_character_noun_inside_a_clause_is_no_framework():
    text = "会议强调，要盯紧纺织服装和电子信息两条链，推动产业升级。\n"
    assert frameworks(text) == []


# 2. A two-item apposition after 即, joined by 和.


def test_a_two_item_apposition_joined_by_he():
    text = "会议要求，要建好“两本台账”，即风险台账和整改台账，做到动态更新。\n"
    (fw,) = frameworks(text)
    assert fw.framework.count == 2
    assert [c.title for c in fw.children] == ["风险台账", "整改台账"]


# 3. The items follow a leading adverbial clause.


def test_items_after_a_leading_clause_are_found():
    text = (
        "一、夯实基础\n（一）开展“四个一”活动。聚焦服务群众，举办一次政策宣讲、一轮走访慰问、"
        "一场技能培训、一期成果展示，年底前完成。\n"
    )
    (fw,) = frameworks(text)
    assert fw.framework.count == 4
    assert [c.title for c in fw.children][0] == "一次政策宣讲"


# Frequencies are the task's time only at the end of a clause.


def test_a_frequency_inside_a_sentence_is_no_deadline():
    text = "各乡镇要每季度召开一次联席会议，研究解决突出问题。"
    assert find_deadline(text, 0, len(text)) is None


def test_a_frequency_closing_a_clause_is_kept():
    text = "组织开展防汛演练每半年不少于1次。"
    assert find_deadline(text, 0, len(text)) == "每半年"


def test_many_leading_time_clauses_do_not_recurse():
    text = "2030年，" * 3000 + "做好工作。"
    assert parse_text(text).items
