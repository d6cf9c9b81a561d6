"""Numbered frameworks and their items, found by structure."""

from luoshi.intake import parse_text
from luoshi.intake.frameworks import find_mentions

from .trees import framework_summary as frameworks
from .trees import walk


def test_mentions_quoted_and_bare_with_measure_words():
    text = "落实“三个到位”，实施五大行动，建强两支队伍，推进“三化”建设"
    names = [(m.name, m.count) for m in find_mentions(text, 0, len(text))]
    assert names == [("三个到位", 3), ("五大行动", 5), ("两支队伍", 2), ("三化", 3)]


def test_congress_names_and_periods_are_not_mentions():
    text = "学习党的二十大精神，谋划“十五五”规划，坚持第二个结合"
    assert find_mentions(text, 0, len(text)) == []


def test_quoted_items_before_the_name():
    result = parse_text("过去一年，我们扎实推进“强链”“延链”“补链”三项行动，成效明显。")
    assert frameworks(result) == [("三项行动", 3, ["强链", "延链", "补链"])]
    assert result.items[0].section == "review"


def test_parallel_heads_after_a_framework_sentence():
    text = (
        "会议强调，要突出“三个聚焦”，推动工作提质增效。聚焦产业升级，培育新动能；"
        "聚焦民生改善，办好实事；聚焦风险防范，守牢底线。"
    )
    assert frameworks(parse_text(text)) == [("三个聚焦", 3, ["聚焦产业升级", "聚焦民生改善", "聚焦风险防范"])]


def test_a_list_before_the_name_is_trimmed_to_parallel_items():
    text = "推动落实有场地、有人员、有经费、有活动的“四有”标准。"
    assert frameworks(parse_text(text)) == [("四有", 4, ["有场地", "有人员", "有经费", "有活动"])]


def test_a_list_in_the_clause_after_an_announcement():
    text = "开展“三个一批”行动，走访一批企业、解决一批难题、培育一批典型，形成长效机制。"
    assert frameworks(parse_text(text)) == [("三个一批", 3, ["走访一批企业", "解决一批难题", "培育一批典型"])]


def test_a_slogan_without_its_items_is_not_a_framework():
    text = "深入理解“两个结合”的重大意义，树牢“四个意识”、坚定“四个自信”。"
    assert frameworks(parse_text(text)) == []


def test_numbered_headings_are_the_items_of_the_heading_that_names_them():
    text = "二、实施“三大工程”\n（一）实施育才工程。\n（二）实施引才工程。\n（三）实施留才工程。\n"
    assert frameworks(parse_text(text)) == [("三大工程", 3, ["实施育才工程", "实施引才工程", "实施留才工程"])]


def test_enumerated_items_after_the_name():
    text = "重点抓好四项工作：一是抓宣传；二是抓培训；三是抓服务；四是抓考核。"
    assert frameworks(parse_text(text)) == [("四项工作", 4, ["抓宣传", "抓培训", "抓服务", "抓考核"])]


def test_a_compound_name_counts_all_its_groups():
    text = "今年以“两查一改”为抓手，即查台账、查现场、改隐患。\n"
    assert frameworks(parse_text(text)) == [("两查一改", 3, ["查台账", "查现场", "改隐患"])]


def test_a_measured_name_is_not_a_compound():
    assert [m.count for m in find_mentions("推进“四个一批”", 0, 8)] == [4]


def test_an_item_sharing_the_lead_of_the_others_is_kept_whole():
    text = "会议要求，抓好“三个保”，即保用水、保用电、保管网设施运行。\n"
    assert frameworks(parse_text(text)) == [("三个保", 3, ["保用水", "保用电", "保管网设施运行"])]


def test_an_unquoted_count_of_aspects_is_no_framework():
    text = "今年抓好两方面工作：一是扩大宣传，办好专栏；二是强化培训，轮训骨干。\n"
    result = parse_text(text)
    assert frameworks(result) == []
    assert [c.title for c in result.items[0].children] == ["扩大宣传", "强化培训"]


def test_a_framework_in_the_head_sentence_is_no_item_of_the_list_after_it():
    text = (
        "会议强调，要落实“三个到位”，即人员到位、经费到位、措施到位。"
        "要抓好排查整治，消除隐患；要抓好宣传教育，提高意识；要抓好考核问责，压实责任。\n"
    )
    result = parse_text(text)
    assert frameworks(result) == [("三个到位", 3, ["人员到位", "经费到位", "措施到位"])]
    fw, rest = result.items
    assert [c.title for c in rest.children] == ["要抓好排查整治", "要抓好宣传教育", "要抓好考核问责"]


# --- a noun tail after the name, and names that run to the end of their noun phrase -----------------


def test_a_name_with_a_de_tail_before_a_colon_still_claims_its_items():
    text = (
        "会议强调，全镇要切实扛起“三个守牢”的政治责任：守牢耕地保护红线，守牢防汛安全底线，守牢信访稳定防线。"
    )
    assert frameworks(parse_text(text)) == [
        ("三个守牢", 3, ["守牢耕地保护红线", "守牢防汛安全底线", "守牢信访稳定防线"])
    ]


def test_a_name_with_a_noun_tail_before_ji_still_claims_its_items():
    text = "会议指出，要全面推广“四到户”帮扶机制，即政策宣讲到户、技术培训到户、资金补贴到户、回访服务到户。"
    assert frameworks(parse_text(text)) == [
        ("四到户", 4, ["政策宣讲到户", "技术培训到户", "资金补贴到户", "回访服务到户"])
    ]


def test_a_long_tail_without_an_introducer_claims_nothing():
    text = "会议强调，要深刻领会“两个维护”的重大意义和丰富内涵，推动学习走深走实、落地见效。"
    assert frameworks(parse_text(text)) == []


def test_a_bare_name_runs_to_the_end_of_its_noun_phrase():
    text = "二、突出六项重点改革\n1.财税改革。甲。\n2.金融改革。乙。\n3.国企改革。丙。\n4.土地改革。丁。\n5.户籍改革。戊。\n6.医疗改革。己。"
    ((name, count, items),) = frameworks(parse_text(text))
    assert (name, count) == ("六项重点改革", 6)
    assert items[0] == "财税改革" and items[-1] == "医疗改革"


def test_a_bare_name_mid_clause_keeps_two_characters():
    text = "推进三项重点工作落实落地，形成合力"
    assert [m.name for m in find_mentions(text, 0, len(text))] == ["三项重点"]
    text = "要落实三项重点任务要求，推动落地"  # 要 ends the noun phrase
    assert [m.name for m in find_mentions(text, 0, len(text))] == ["三项重点任务"]
    text = "重点抓好四项惠民工程：饮水工程，道路工程，电网工程，住房工程。"
    assert [m.name for m in find_mentions(text, 0, len(text))] == ["四项惠民工程"]


def test_the_source_before_a_frameworks_first_item_never_ends_inside_a_quote():
    text = "会议强调，今年要着力实施“强链”“延链”“补链”三项行动，推动产业提质增效。"
    result = parse_text(text)
    (node,) = [n for n in walk(result.items) if n.framework]
    own = result.source[node.start : min(c.start for c in node.children)]
    assert own.count("“") == own.count("”"), own
    assert [c.title for c in node.children] == ["强链", "延链", "补链"]


def test_a_framework_items_own_parallel_parts_become_its_sub_items():
    text = (
        "会议强调，要深化“两项工程”。深化“铸魂”工程，强化理论引领、文化引领、实践引领，提升实效；"
        "深化“固基”工程，完善制度机制，夯实组织基础。"
    )
    result = parse_text(text)
    (node,) = [n for n in walk(result.items) if n.framework]
    first, second = node.children
    assert [c.title for c in first.children] == ["强化理论引领", "文化引领", "实践引领"]
    assert second.children == []
