"""Shapes seen in real documents that no invented one carried (corpus/real batch13 and the batches before):
a speech pasted as one line whose first heading follows the sentence counting its parts, and flattened
tables whose rows lost a cell."""

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.intake import parse_text
from luoshi.intake.outline import split_numbered

from .trees import walk

ONE_LINE_SPEECH = (
    "同志们：今天召开全区秋冬季安全工作会议，主要任务是总结前一阶段工作，安排部署下一阶段重点任务。"
    "刚才，几位同志作了发言，讲得都很好，我都同意。下面，我再讲三点意见。"
    "一、提高认识，压实责任，切实增强做好安全工作的紧迫感近几个月来，全区各单位认真落实各项措施，"
    "总体形势平稳，但隐患依然不少，大家务必保持清醒。"
)


def test_a_first_heading_after_the_sentence_counting_the_parts_is_a_heading():
    result = parse_text(ONE_LINE_SPEECH)
    headings = [(n.marker, n.title) for n in walk(result.items) if n.marker]
    assert headings == [("一、", "提高认识")]


def test_a_counted_question_with_a_space_before_the_heading_is_read_too():
    text = ONE_LINE_SPEECH.replace("我再讲三点意见。", "我讲三个方面的问题。   ")
    assert [n.marker for n in walk(parse_text(text).items) if n.marker] == ["一、"]


def test_a_first_enumerator_after_a_sentence_that_counts_nothing_stays_text():
    # 一、二季度 after an ordinary sentence: a range of quarters, not a heading.
    text = ONE_LINE_SPEECH.replace("下面，我再讲三点意见。", "上半年成效明显。")
    text = text.replace("一、提高认识", "一、二季度增长较快，提高认识")
    assert not [n for n in walk(parse_text(text).items) if n.marker]


_CLAUSE = st.text(alphabet="安全工作推进落实全区重点任务要求三点意见方面一二、。，", min_size=1, max_size=30)


@given(st.lists(_CLAUSE, min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_split_numbered_keeps_every_character_in_order(parts):
    text = "我讲三点意见。".join(parts)
    spans = split_numbered(text, 0, len(text))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")


HEADER = ["序号", "重点任务", "年度目标", "分管领导", "牵头单位", "协同单位", "进展情况"]


def _piped(rows: list[list[str]]) -> str:
    return "\n".join(f"{cell} |" for row in [HEADER, *rows] for cell in row)


def test_rows_that_lost_a_cell_keep_their_units_under_the_unit_columns():
    # The page dropped each row's empty 年度目标 cell; one row also closes with an empty cell.
    rows = [
        ["12", "改造老旧小区供水管网", "甲某某", "住建局", "水务公司、各街道", "已完成招标"],
        ["13", "新建口袋公园六处", "甲某某", "园林局", "住建局、相关街道", "正在施工", ""],
        ["14", "整治背街小巷二十条", "乙某", "城管局", "交通局", "已完成七成"],
    ]
    tasks = [(n.title, n.lead_units, n.co_units) for n in walk(parse_text(_piped(rows)).items)]
    assert tasks == [
        ("改造老旧小区供水管网", ["住建局"], ["水务公司", "各街道"]),
        ("新建口袋公园六处", ["园林局"], ["住建局", "相关街道"]),
        ("整治背街小巷二十条", ["城管局"], ["交通局"]),
    ]


_UNIT = st.sampled_from(["住建局", "园林局", "城管局", "交通局", "水务局", "民政局", "各街道"])
_TASK = st.sampled_from(["改造供水管网", "新建口袋公园", "整治背街小巷", "提升照明设施", "完善养老服务"])


@given(st.lists(st.tuples(_TASK, _UNIT, _UNIT), min_size=3, max_size=8), st.booleans())
@settings(max_examples=60, deadline=None)
def test_a_dropped_target_cell_never_moves_the_lead_unit(rows, keep_target):
    table = [
        [str(i + 1), f"{task}{i + 1}处", *(["年内完成"] if keep_target else []), "甲某", lead, co, "推进中"]
        for i, (task, lead, co) in enumerate(rows)
    ]
    tasks = [(n.title, n.lead_units) for n in walk(parse_text(_piped(table)).items)]
    assert tasks == [(f"{task}{i + 1}处", [lead]) for i, (task, lead, _) in enumerate(rows)]


def test_a_person_quoted_at_a_sentence_start_spoke_with_the_title_given_where_first_named():
    text = (
        "3月5日，全区生态环境工作会议召开。区委常委、副区长丙某某，区政府办公室负责人出席会议。\n"
        "会议通报了去年工作情况。丙某某强调，各单位要压实责任，抓好整改。\n"
        "区生态环境局局长丁某指出：要加强监测，及时预警。"
    )
    speakers = [(p.name, p.title) for p in parse_text(text).meeting.speakers]
    assert speakers == [("丙某某", "区委常委、副区长"), ("丁某", "区生态环境局局长")]


def test_a_subject_that_is_no_person_does_not_speak():
    text = (
        "3月5日，全区生态环境工作会议召开。\n"
        "会议强调，各单位要压实责任。根据全区部署要求，各街道要抓好整改。讲话中强调，要加强监测。"
    )
    assert parse_text(text).meeting.speakers == []


def test_a_connective_before_a_demand_is_not_its_head():
    text = (
        "张三要求，各级各部门要对照年初目标任务，把问题找准，把措施理清。要聚焦重点，靶向发力，加快推进。"
        "要解放思想，开拓创新，精准施策。同时，要改进作风，提速提效，确保落地。"
    )
    titles = [n.title for n in walk(parse_text(text).items)]
    assert "要改进作风" in titles and "同时" not in titles


def test_items_quoted_together_before_a_counted_name_are_its_items():
    text = "坚持问题导向，紧紧围绕“稳住粮食生产、壮大特色产业、改善人居环境”三大任务，坚持目标导向、过程导向、结果导向，推进各项工作。"
    (framework,) = [n for n in walk(parse_text(text).items) if n.framework]
    assert framework.framework.name == "三大任务"
    assert [c.title for c in framework.children] == ["稳住粮食生产", "壮大特色产业", "改善人居环境"]


def test_a_meeting_held_in_a_manner_and_a_place_is_still_the_meeting_convened():
    text = (
        "本报讯（记者 某某）2月25日，全省档案工作会议以视频会议形式在省城召开。省档案局局长甲某某出席并讲话。"
    )
    meeting = parse_text(text).meeting
    assert (meeting.title, meeting.date) == ("全省档案工作会议", "2月25日")


def test_a_headline_names_a_meeting_report_whose_lead_tells_the_date_after_a_site_caption():
    text = (
        "全市档案工作会议召开 压实责任 扎实推进\n"
        "2026-03-01 09:43 某某晚报\n"
        "某某网消息  2月28日，我市召开全市档案工作会议。会议总结了去年工作，部署今年任务。"
    )
    meeting = parse_text(text).meeting
    assert (meeting.title, meeting.date) == ("全市档案工作会议", "2月28日")


def test_a_count_of_bodies_or_documents_names_no_framework():
    text = (
        "刚才，住建局、规划局、公安局、某某镇等四个单位作了表态发言，大家要认真抓好落实。"
        "会议学习了关于土地管理和关于林业改革这两个文件。"
    )
    assert not [n for n in walk(parse_text(text).items) if n.framework]


def test_enumerated_parts_each_over_a_body_paragraph_are_one_run():
    text = (
        "近日，某某局印发了年度工作要点，共分三部分。\n"
        "第一部分：加强党的建设，提升组织力。\n主要包括两方面内容，分别为强化理论学习和严格组织生活。\n"
        "第二部分：深化改革创新，激发新活力。\n主要包括两方面内容，分别为优化审批流程和完善考核办法。\n"
        "第三部分：改善民生服务，增进群众福祉。\n"
    )
    (lead,) = [n for n in parse_text(text).items if n.children]
    assert [(c.marker, c.title) for c in lead.children] == [
        ("第一部分", "加强党的建设"),
        ("第二部分", "深化改革创新"),
        ("第三部分", "改善民生服务"),
    ]


def test_a_count_then_its_parts_after_fenbiewei_are_a_list_under_the_item():
    text = (
        "近日，某某局印发了年度工作要点，共分两部分。\n"
        "第一部分：加强党的建设，提升组织力。\n主要包括三方面内容，分别为强化理论学习、严格组织生活和加强作风建设。\n"
        "第二部分：深化改革创新，激发新活力。\n主要包括两方面内容，分别为优化审批流程和完善考核办法。\n"
    )
    (lead,) = [n for n in parse_text(text).items if n.children]
    assert [[c.title for c in part.children] for part in lead.children] == [
        ["强化理论学习", "严格组织生活", "加强作风建设"],
        ["优化审批流程", "完善考核办法"],
    ]


_PART = st.text(alphabet="强化理论学习严格组织生活优化审批流程完善考核办法", min_size=2, max_size=12)


@given(st.lists(_PART, min_size=2, max_size=9))
@settings(max_examples=200, deadline=None)
def test_counted_list_finds_exactly_the_counted_parts_or_none(parts):
    from luoshi.intake.numerals import CN_DIGITS
    from luoshi.intake.parallel import counted_list

    count = CN_DIGITS[len(parts) - 1]
    body = "、".join(parts[:-1]) + "和" + parts[-1]
    text = f"主要包括{count}方面内容，分别为{body}。"
    found = [text[s:e] for s, _, e in counted_list(text, 0, len(text))]
    assert found in ([], parts) and (found == parts or any("和" in p for p in parts))
