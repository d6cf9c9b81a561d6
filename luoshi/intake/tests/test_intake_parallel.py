"""Parallel items inside one paragraph: enumerators, repeated leaders, short heads."""

from luoshi.intake import parse_text
from luoshi.intake.parallel import enumerated, same_leader, short_heads


def heads(text, items):
    return [text[c : c + 6] for _, c, _ in items]


def test_enumerators_must_count_up():
    text = "会议要求，一是抓学习。二是抓落实。三是抓督查。"
    items = enumerated(text, 0, len(text))
    assert [text[s:c] for s, c, _ in items] == ["一是", "二是", "三是"]
    assert text[items[-1][1] : items[-1][2]] == "抓督查。"


def test_a_numeral_inside_a_word_is_no_enumerator():
    text = "实行统一要求，坚持一要素一清单。"
    assert enumerated(text, 0, len(text)) == []


def test_ordinal_words_form_a_chain():
    text = "首先，统一思想。其次，明确分工。最后，强化考核。"
    assert len(enumerated(text, 0, len(text))) == 3


def test_segments_with_the_same_leader():
    text = "推动甲项工作，做好衔接；推动乙项工作，抓好调度；推动丙项工作，确保实效。"
    items = same_leader(text, 0, len(text))
    assert len(items) == 3


def test_the_first_item_may_carry_a_subject_before_its_modal():
    text = "各乡镇要压实责任，加强领导；要细化措施，明确节点；要严格考核，奖优罚劣。"
    items = same_leader(text, 0, len(text))
    assert [text[c : c + 5] for _, c, _ in items] == ["要压实责任", "要细化措施", "要严格考核"]


def test_short_heads_need_every_sentence_alike():
    text = "健全制度，规范运行。配强队伍，提升能力。保障经费，强化支撑。"
    assert len(short_heads(text, 0, len(text))) == 3
    prose = "健全制度，规范运行。今年以来各地按照统一部署积极推进，取得了明显成效。保障经费，强化支撑。"
    assert short_heads(prose, 0, len(prose)) == []


def test_a_paragraph_list_under_a_lead_in_becomes_children():
    text = "会议强调，各单位要提高站位，增强自觉；要聚焦重点，精准发力；要狠抓落实，务求实效。"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["要提高站位", "要聚焦重点", "要狠抓落实"]


def test_paragraphs_opening_alike_group_under_the_paragraph_before():
    text = (
        "会议对下一步工作作出安排。\n"
        "要抓好理论武装。组织专题学习，推动入脑入心。\n"
        "要抓好队伍建设。加强教育培训，提升履职能力。\n"
        "要抓好作风转变。深入调查研究，解决实际问题。\n"
    )
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["要抓好理论武装", "要抓好队伍建设", "要抓好作风转变"]


def test_enumerated_paragraphs_keep_their_marker():
    text = "会议提出三点要求。\n一是强化担当，主动作为。\n二是改进作风，真抓实干。\n"
    (node,) = parse_text(text).items
    assert [(c.marker, c.title) for c in node.children] == [("一是", "强化担当"), ("二是", "改进作风")]


def test_paragraphs_with_one_clause_head_sentences_group_even_with_different_leaders():
    text = "会议部署了今年工作。\n强化理论武装。组织集中学习。\n优化营商环境。开展走访服务。\n加强自身建设。提升履职能力。\n"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["强化理论武装", "优化营商环境", "加强自身建设"]


def test_short_lines_after_a_colon_are_the_items_it_announces():
    text = "会议提出三点要求：\n提高政治站位\n压实工作责任\n强化督促检查\n"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["提高政治站位", "压实工作责任", "强化督促检查"]


def test_the_list_that_starts_first_is_the_paragraphs_own():
    text = "会议强调，要抓好重点。推进甲项，提质增效：一是建平台；二是强队伍。推进乙项，扩大覆盖。推进丙项，守牢底线。"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["推进甲项", "推进乙项", "推进丙项"]
    assert [c.marker for c in node.children[0].children] == ["一是", "二是"]


def test_a_run_of_modal_sentences_after_a_lead_in_are_siblings():
    text = (
        "会议要求，要抓牢项目建设，确保投资稳定增长。要优化营商服务，提升企业满意度。"
        "要守住安全底线，坚决遏制重大事故。要锤炼过硬作风，力戒形式主义。"
    )
    (node,) = parse_text(text).items
    assert node.title == "会议要求"
    assert [c.title for c in node.children] == [
        "要抓牢项目建设",
        "要优化营商服务",
        "要守住安全底线",
        "要锤炼过硬作风",
    ]
    assert all(not c.children for c in node.children)


def test_a_framework_sentence_still_heads_the_list_after_it():
    text = "会议强调，突出“三个更加”，推动转型。突出更加开放，扩大合作；突出更加创新，培育动能；突出更加绿色，守住底线。"
    (node,) = parse_text(text).items
    assert node.framework is not None and node.framework.name == "三个更加"
    assert [c.title for c in node.children] == ["突出更加开放", "突出更加创新", "突出更加绿色"]


def test_an_enumeration_closed_by_deng_becomes_the_sentences_items():
    text = (
        "会议强调，各单位要守住底线。要认真抓好完善应急预案、充实救援队伍、储备抢险物资、开展实战演练等任务，"
        "抓细抓实。要统筹推进两项改革，稳步前行。"
    )
    (node,) = parse_text(text).items
    listing = node.children[1]
    assert [c.title for c in listing.children] == [
        "完善应急预案",
        "充实救援队伍",
        "储备抢险物资",
        "开展实战演练",
    ]


def test_an_enumeration_after_a_preposition_drops_it_from_the_first_item():
    text = (
        "一要守牢防线，确保安全。二要突出重点，明确任务。要以排查隐患、整治违建、疏通河道等为重点，扎实推进。"
    )
    nodes = parse_text(text).items
    second = [n for n in nodes[0].children if n.marker == "二要"][0] if nodes[0].children else nodes[1]
    assert [c.title for c in second.children] == ["排查隐患", "整治违建", "疏通河道"]


def test_a_short_enumeration_or_one_without_deng_is_no_list():
    text = "会议要求，要抓学习、抓落实、抓见效。要加强甲和乙等工作，务求实效。要稳步推进。"
    (node,) = parse_text(text).items
    assert all(not c.children for c in node.children)


def test_a_modal_carried_by_the_first_of_semicolon_items():
    text = (
        "会议要求，要深化甲项行动，做好学习宣讲；深化乙项行动，推进舆论引导；深化丙项行动，改进文明创建；"
        "深化丁项行动，提升处置能力，为发展作出贡献。"
    )
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == [
        "要深化甲项行动",
        "深化乙项行动",
        "深化丙项行动",
        "深化丁项行动",
    ]


def test_a_semicolon_list_nested_in_the_last_of_modal_sentences():
    text = (
        "会议强调，做好今年工作，要坚定政治方向，深入学习理论。要把政治建设放在首位，加强班子建设。"
        "要敢于担当抓落实，深入推进甲项整治，坚决消除隐患；持续开展乙项行动，保障发展大局；"
        "不断提升丙项能力，推动平安建设。"
    )
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["要坚定政治方向", "要把政治建设放在首位", "要敢于担当抓落实"]
    assert [c.title for c in node.children[-1].children] == [
        "深入推进甲项整治",
        "持续开展乙项行动",
        "不断提升丙项能力",
    ]


def test_a_plan_headings_own_enumeration_or_semicolons_make_no_sub_items():
    text = (
        "（三）落实培训补贴。补贴标准根据培训成本、培训时长、取得证书情况等确定；各地要简化流程；"
        "要加强资金监管。（责任单位：甲局）"
    )
    (node,) = parse_text(text).items
    assert node.children == []
    assert node.lead_units == ["甲局"]


def test_a_deng_enumeration_in_a_reports_paragraph_lists_its_items():
    text = "3月2日，全县组织工作会议召开。\n会议强调，要全面落实好建强班子队伍、夯实基层基础、集聚各类人才等各项工作，贡献力量。\n"
    node = parse_text(text).items[-1]
    assert [c.title for c in node.children] == ["建强班子队伍", "夯实基层基础", "集聚各类人才"]


def test_comma_clauses_opening_alike_after_a_modal_are_items():
    text = (
        "3月1日，全县组织工作会议召开。\n"
        "会议强调，要坚持正确方向，紧紧围绕中心工作，着力建设过硬干部队伍，着力完善基层组织体系，"
        "着力优化人才发展环境，奋勇争先。\n"
    )
    node = parse_text(text).items[-1]
    assert [c.title for c in node.children] == [
        "着力建设过硬干部队伍",
        "着力完善基层组织体系",
        "着力优化人才发展环境",
    ]


def test_a_run_whose_first_item_follows_a_subject_and_a_modal():
    text = "会议召开。\n他要求，干部在工作中一定要注重学习调研，注重突出重点，注重统筹兼顾，谋新思路。\n"
    node = parse_text(text).items[-1]
    assert [c.title for c in node.children] == ["注重学习调研", "注重突出重点", "注重统筹兼顾"]


def test_alike_clauses_without_a_modal_such_as_a_list_of_people_are_no_items():
    text = "1月2日，全市工作会议召开。\n会上，市委书记甲某出席，市委副书记乙某报告，市委常委丙某主持，共商大计。\n"
    node = parse_text(text).items[-1]
    assert node.children == []


def test_semicolon_parts_after_a_colon_inside_a_sentence_are_items():
    text = "今年是关键之年。全区发展主要预期目标为：地区生产总值增长6%；财政收入增长5%；新增就业八千人以上。"
    (node,) = parse_text(text).items
    assert [c.title for c in node.children] == ["地区生产总值增长6%", "财政收入增长5%", "新增就业八千人以上"]


def test_a_modal_run_whose_first_item_opens_with_a_context_clause():
    # 明年是…之年，各单位要A，…；要B，…；要C: the first item's own subject and modal stand in its second
    # clause, after a clause of context; the run still starts at that modal.
    text = (
        "明年是规划的开局之年，各单位要坚持目标导向，切实提高站位；要突出思想引领，不断创新方法；"
        "要巩固主流舆论，加快推进中心建设。"
    )
    assert heads(text, same_leader(text, 0, len(text))) == ["要坚持目标导", "要突出思想引", "要巩固主流舆"]


def test_a_later_clause_with_a_long_subject_before_its_modal_opens_no_run():
    text = (
        "明年是规划的开局之年，全市各级各部门宣传文化单位要坚持目标导向，切实提高站位；要突出思想引领；"
        "要巩固主流舆论。"
    )
    assert same_leader(text, 0, len(text)) == []
