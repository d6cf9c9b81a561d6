"""Framework items of other shapes than a 、 list of the name's noun, and counts in Arabic digits."""

from luoshi.intake import parse_text
from luoshi.intake.frameworks import find_mentions
from luoshi.intake.numerals import count_to_int

from .trees import framework_summary as frameworks


def test_count_to_int_reads_arabic_full_width_and_chinese():
    assert count_to_int("4") == 4
    assert count_to_int("１２") == 12
    assert count_to_int("十二") == 12
    assert count_to_int("x") is None


def test_arabic_counts_are_mentions():
    text = "实施6项行动，建好４支队伍，落实“3个一”要求"
    names = [(m.name, m.count) for m in find_mentions(text, 0, len(text))]
    assert names == [("6项行动", 6), ("４支队伍", 4), ("3个一", 3)]


def test_numbers_that_are_amounts_are_not_counts():
    text = "建成120个站点，增长2.5个百分点，完成2026年任务"
    assert find_mentions(text, 0, len(text)) == []


def test_arabic_count_with_listed_items():
    result = parse_text("（二）建设4大中心。建设数据中心、调度中心、指挥中心、培训中心，年内投入使用。")
    assert frameworks(result) == [("4大中心", 4, ["数据中心", "调度中心", "指挥中心", "培训中心"])]


def test_full_width_arabic_count_with_semicolon_heads():
    text = "（一）实施３项机制。会商机制，每月召开一次；通报机制，按季度通报；督办机制，限期整改到位。"
    assert frameworks(parse_text(text)) == [("３项机制", 3, ["会商机制", "通报机制", "督办机制"])]


def test_comma_items_sharing_a_prefix_with_a_closing_clause():
    text = "会议强调，要做到“三个围绕”，围绕中心大局，围绕群众关切，围绕基层需求，不断开创新局面。"
    assert frameworks(parse_text(text)) == [("三个围绕", 3, ["围绕中心大局", "围绕群众关切", "围绕基层需求"])]


def test_semicolon_clause_heads_ending_in_the_names_noun():
    text = (
        "会议强调，要抓好“四个落实”，确保任务见效。责任落实，层层压实；措施落实，细化方案；"
        "督查落实，跟踪问效；考核落实，奖惩分明。"
    )
    assert frameworks(parse_text(text)) == [("四个落实", 4, ["责任落实", "措施落实", "督查落实", "考核落实"])]


def test_items_that_do_not_repeat_the_names_noun():
    text = "（三）推行“三个一”服务。对每位来访群众，安排一名接待人员、建立一本工作台账、发放一张联系卡片。"
    assert frameworks(parse_text(text)) == [
        ("三个一", 3, ["安排一名接待人员", "建立一本工作台账", "发放一张联系卡片"])
    ]


def test_a_shared_subject_before_the_first_item_is_cut_off():
    text = "会议要求落实“三统一”原则，各类项目、各项资金统一规划布局、统一组织实施、统一绩效评价。"
    assert frameworks(parse_text(text)) == [("三统一", 3, ["统一规划布局", "统一组织实施", "统一绩效评价"])]


def test_count_must_match_or_no_framework():
    text = "会议强调，要做到“四个围绕”，围绕中心大局，围绕群众关切，围绕基层需求，不断开创新局面。"
    assert frameworks(parse_text(text)) == []


def test_unlisted_count_stays_a_plain_item():
    text = "（一）推进8项改革。围绕重点领域，推出一批制度成果，形成可推广经验。"
    assert frameworks(parse_text(text)) == []


def test_a_list_several_clauses_on_is_not_a_slogans_items():
    text = "要增强“四个意识”，坚持稳中求进，落实根本任务，以甲领域、乙领域、丙领域、丁领域为重点。"
    assert frameworks(parse_text(text)) == []


def test_a_pair_inside_a_later_phrase_is_not_a_two_item_framework():
    text = "一、提高站位\n各单位要做到“两个坚决”，认真落实省委、省政府工作部署，确保落地见效。\n"
    assert frameworks(parse_text(text)) == []


def test_a_two_item_framework_whose_items_end_alike_is_kept():
    text = "一、压实责任\n落实“两个责任”，压实党委主体责任、纪委监督责任。\n"
    assert frameworks(parse_text(text)) == [("两个责任", 2, ["压实党委主体责任", "纪委监督责任"])]


def test_a_duration_in_working_days_is_no_framework():
    text = "（一）压缩审批时限。一般事项5个工作日内办结，复杂事项10个工作日内办结。"
    assert find_mentions(text, 0, len(text)) == []


def test_quoted_items_joined_by_and_before_the_name():
    text = "（二）坚持两手抓。做好“城区防汛前线”和“乡村抗旱前线”的“两条线”准备，两线互为支撑。"
    assert frameworks(parse_text(text)) == [("两条线", 2, ["城区防汛前线", "乡村抗旱前线"])]


def test_comma_clauses_opening_alike_after_the_name_and_ji():
    text = (
        "全年工作要抓好两个紧盯，即紧盯防汛备汛关键时段，紧盯“年中过半”节点；"
        "实现两个确保，确保完成年度目标任务，确保重点项目按期投用。"
    )
    assert frameworks(parse_text(text)) == [
        ("两个紧盯", 2, ["紧盯防汛备汛关键时段", "紧盯“年中过半”节点"]),
        ("两个确保", 2, ["确保完成年度目标任务", "确保重点项目按期投用"]),
    ]


def test_a_quoted_name_inside_a_longer_enumeration_claims_no_items():
    text = "三要突出重点。要以维护政治安全、做好“两会”期间的信访稳定、加强社会面管控等为重点，扎实推进。"
    assert frameworks(parse_text(text)) == []


def test_a_list_before_the_name_followed_by_a_quoted_slogan_with_its_own_list():
    text = "（一）工作思路。突出提高质量、促进公平、推进均衡三大主题和“抓规划、抓巩固”这一主线，扎实推进。"
    assert frameworks(parse_text(text)) == [("三大主题", 3, ["提高质量", "促进公平", "推进均衡"])]


def test_a_deng_list_before_a_counted_name_is_that_names_items():
    text = "会议要求，要强化保障，抓好班子、队伍、阵地、经费等四项保障建设，确保落实。要严格考核，奖优罚劣。要压实责任，层层落实。"
    assert frameworks(parse_text(text)) == [("四项保障建设", 4, ["班子", "队伍", "阵地", "经费"])]


def test_a_counted_set_after_a_colon_with_long_semicolon_items():
    text = (
        "会上部署了今年的3项工作任务，分别是：着力抓好理论武装，推动学习往深里走、往实里走，"
        "转化为推动工作的强大动力；着力抓好阵地建设，加强新闻媒体和网络平台管理，牢牢掌握工作主动权；"
        "着力抓好队伍建设，持续开展业务培训和作风整顿，打造一支政治过硬、本领高强的干部队伍。"
    )
    assert frameworks(parse_text(text)) == [
        ("3项工作任务", 3, ["着力抓好理论武装", "着力抓好阵地建设", "着力抓好队伍建设"])
    ]
