"""A framework declared in an opening paragraph whose items are the numbered
headings after it, two speakers parted by a comma, a two-item ；-list after a reported-speech lead-in,
a list opened by 以下…：, and a lead-in sentence heading the enumerated paragraphs under a heading."""

from luoshi.intake import parse_text

from .trees import frameworks_in as frameworks
from .trees import walk

# 1. A preamble declares N+noun; the N headings that follow, all naming the noun, are its items.


def test_preamble_framework_takes_its_items_from_the_headings_after_it():
    text = (
        "区文旅局2026年工作要点\n\n全年集中开展四项工程。\n\n"
        "一、书香社区工程\n新建书屋5个。\n二、非遗传承工程\n举办展演3场。\n"
        "三、景区提质工程\n改造步道2公里。\n四、文化惠民工程\n送戏下乡20场。\n"
    )
    items = parse_text(text).items
    (fw,) = frameworks(text)
    assert (fw.framework.name, fw.framework.count) == ("四项工程", 4)
    assert [c.title for c in fw.children] == ["书香社区工程", "非遗传承工程", "景区提质工程", "文化惠民工程"]
    # The headings keep their place at the top of the outline.
    assert [n.marker for n in items if n.marker] == ["一、", "二、", "三、", "四、"]
    assert all(c.marker is None for c in fw.children)


def test_preamble_count_must_match_the_headings_naming_the_noun():
    text = (
        "全年集中开展三项工程。\n\n"
        "一、书香社区工程\n新建书屋5个。\n二、非遗传承工程\n举办展演3场。\n"
        "三、加强队伍建设\n开展培训2期。\n"
    )
    assert frameworks(text) == []


# 3. Speakers parted by a comma before 出席会议并讲话; a two-item ；-list after 强调，.


def test_two_speakers_parted_by_a_comma_both_speak():
    text = "3月2日，区水务工作会议召开。区政协副主席、区水务局局长周明远，副区长白建新出席会议并讲话。\n"
    speakers = [p.name for p in parse_text(text).meeting.speakers]
    assert speakers == ["周明远", "白建新"]


def test_a_comma_clause_without_a_title_is_not_a_speaker():
    text = "3月2日，区水务工作会议召开，副区长白建新出席会议并讲话。\n"
    assert [p.name for p in parse_text(text).meeting.speakers] == ["白建新"]


def test_two_item_semicolon_list_after_a_reported_speech_lead_in():
    text = "区水务工作会议召开。副区长白建新出席会议并讲话。\n白建新强调，要守牢防汛底线；要抓实河湖管护。\n"
    (node,) = [n for n in parse_text(text).items if n.children]
    assert [c.title for c in node.children] == ["要守牢防汛底线", "要抓实河湖管护"]


# 2. 以下…：A，B，C — the clause before the colon heads the list after it.


def test_colon_after_yixia_opens_a_list():
    text = (
        "一、推进河道治理\n清淤10公里。\n\n"
        "另外，要统筹做好以下几项工作：完善巡河制度，推进智慧水务，加强人员培训。\n"
    )
    (node,) = [n for n in walk(parse_text(text).items) if "以下" in n.title]
    assert node.title == "要统筹做好以下几项工作"
    assert [c.title for c in node.children] == ["完善巡河制度", "推进智慧水务", "加强人员培训"]


# 4. A lead-in sentence under a heading heads the enumerated paragraphs after it.


def test_lead_in_under_a_heading_heads_the_enumerated_run():
    text = (
        "同志们：\n一、认清形势\n任务依然艰巨。\n二、聚焦重点\n"
        "下一步，要重点抓好以下几件事。\n一要加快管网改造。年底前完工。\n二要提升供水质量。开展水质检测。\n"
    )
    heading = [n for n in parse_text(text).items if n.marker == "二、"][0]
    (lead,) = heading.children
    assert [c.marker for c in lead.children] == ["一要", "二要"]


def test_framework_with_own_items_is_not_a_member_of_the_following_run():
    text = (
        "同志们：\n汛期将至，全区上下要紧盯“两个不发生”，即不发生垮坝、不发生溺亡，把措施落到位。\n"
        "第一，要落实巡查制度。加密巡查。\n第二，要备足抢险物资。逐库清点。\n第三，要强化值班值守。严格执行。\n"
    )
    nodes = list(walk(parse_text(text).items))
    (fw,) = [n for n in nodes if n.framework]
    assert [c.title for c in fw.children] == ["不发生垮坝", "不发生溺亡"]
    (run,) = [n for n in nodes if any(c.marker == "第一" for c in n.children)]
    assert [c.marker for c in run.children] == ["第一", "第二", "第三"]


def test_items_restating_later_headings_are_marked_as_mirrors():
    from luoshi.intake import parse_text as parse

    text = "今年重点实施两大行动。\n一、实施产业提升行动\n推进园区建设。\n二、实施人才引育行动\n引进人才。\n"
    items = parse(text).items
    assert items[0].framework is not None
    assert [c.mirror for c in items[0].children] == [True, True]
    assert not any(n.mirror for n in items[1:])
