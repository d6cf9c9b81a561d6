"""会议纪要 议定事项: inline responsibility sentences, start dates, rates, sign-off lines, and lists
after a reported-speech turn (own fixture texts, not corpus sentences)."""

from luoshi.intake import parse_text
from luoshi.intake.deadlines import find_deadline
from luoshi.intake.parallel import enumerated, inline_items
from luoshi.intake.units import find_notes

MINUTES = (
    "某区水务局局务会议纪要\n"
    "6月2日上午，区水务局局长钱立主持召开局务会议，研究防汛和供水保障工作。\n"
    "会议议定事项：\n"
    "一、关于河道清淤。会议同意先行清理城东三条支流。由河道科牵头，区城管局、区财政局配合，8月底前完成。\n"
    "二、关于阶梯水价。同意将居民补贴提高到每户每月15元。由规划财务科牵头，区发改局配合，9月1日起执行。\n"
    "三、关于水质抽检。由水质监测站负责，每季度通报一次。\n"
    "四、关于泵站改造。由工程科会同区住建局办理，年底前完成。\n"
    "出席：钱立　孙伟　李青\n"
    "列席：各科室负责人\n"
    "记录：周敏\n"
    "抄送：区委办公室，区政府办公室。\n"
)


def _items(text):
    return {n.marker: n for n in parse_text(text).items if n.marker}


def test_inline_lead_co_and_deadline_in_minutes():
    items = _items(MINUTES)
    one = items["一、"]
    assert one.lead_units == ["河道科"]
    assert one.co_units == ["区城管局", "区财政局"]
    assert one.deadline == "8月底前"


def test_a_start_date_beats_a_rate_inside_an_amount():
    two = _items(MINUTES)["二、"]
    assert two.lead_units == ["规划财务科"] and two.co_units == ["区发改局"]
    assert two.deadline == "9月1日起"


def test_fu_ze_alone_gives_a_lead_and_frequency_stays_a_deadline():
    three = _items(MINUTES)["三、"]
    assert three.lead_units == ["水质监测站"] and three.co_units == []
    assert three.deadline == "每季度"


def test_hui_tong_names_a_co_unit():
    four = _items(MINUTES)["四、"]
    assert four.lead_units == ["工程科"] and four.co_units == ["区住建局"]
    assert four.deadline == "年底前"


def test_sign_off_lines_are_not_items():
    titles = [t for n in parse_text(MINUTES).items for t in _titles(n)]
    assert not any(t.startswith(("出席", "列席", "记录", "抄送")) for t in titles)


def _titles(node):
    yield node.title
    for c in node.children:
        yield from _titles(c)


def test_bracketed_unit_name_stays_whole():
    text = "由区委组织部（区直机关工委）牵头，区直各单位配合，5月10日前印发。"
    (note,) = find_notes(text, 0, len(text))
    assert note.lead == ["区委组织部（区直机关工委）"] and note.co == ["区直各单位"]


def test_lead_without_you_needs_a_co_clause():
    text = "项目库更新。规划科牵头、建设科配合，每月更新一次。"
    (note,) = find_notes(text, 0, len(text))
    assert note.lead == ["规划科"] and note.co == ["建设科"]
    assert find_notes("工作格局。要坚持规划科牵头，持续推进。", 0, 22) == []


def test_you_plus_a_long_clause_is_not_a_note():
    for text in (
        "建立由市文旅局牵头、有关部门参加的联席会议制度，定期会商。",
        "具体工作由各街道负责组织实施。",
        "采取分批推进方式，由市文旅局会同相关行业部门组织实施。",
        "坚持由群众评判工作成效的导向，不断改进。",
    ):
        assert find_notes(text, 0, len(text)) == [], text


def test_rates_are_not_deadlines():
    text = "将护理补贴提高到每人每月300元，惠及全区老人。"
    assert find_deadline(text, 0, len(text)) is None
    text = "补助标准为每月800元，按季度开展回访。"
    assert find_deadline(text, 0, len(text)) == "按季度"
    text = "将补贴提高到每人每年1200元，10月1日起施行。"
    assert find_deadline(text, 0, len(text)) == "10月1日起"


def test_list_after_a_reported_speech_turn_in_a_review_paragraph():
    text = "钱立肯定了一年来的工作。他强调，要守牢安全底线，抓好隐患排查；要提升服务水平，方便群众办事；要建强干部队伍，改进作风。"
    start, items = inline_items(text, 0, len(text))
    assert len(items) == 3
    assert text[items[0][1] :].startswith("要守牢安全底线")


def test_yi_yao_after_a_short_subject():
    text = "为此，全区各级一要压实责任，二要细化措施，三要强化督导，确保见到实效。"
    items = enumerated(text, 0, len(text))
    assert [text[s : s + 2] for s, _, _ in items] == ["一要", "二要", "三要"]
    # A lone 一要 inside a word never opens a chain.
    assert enumerated("统一要求，分步实施。", 0, 10) == []


def test_items_after_the_turn_in_a_review_paragraph_are_deploy():
    text = "钱立肯定了过去一年的工作。他强调，要守牢安全底线，抓好排查；要提升服务水平，方便群众；要建强干部队伍，改进作风。\n"
    (node,) = parse_text(text).items
    assert node.section == "review"
    assert [c.section for c in node.children] == ["deploy"] * 3
