"""Structure-level cases: quoted meeting names, verb phrases around speakers, written-out roles,
frameworks whose items follow in the next paragraph, lead-in paragraphs and closing words."""

from luoshi.intake import parse_text
from luoshi.intake.deadlines import find_deadline_in
from luoshi.intake.meeting import find_meeting
from luoshi.intake.segment import paragraphs
from luoshi.intake.tables import LEAD, RESP, _units_from_cell

from .trees import walk


def meeting(text):
    return find_meeting(text, paragraphs(text))


# 1. A quoted phrase or a 《》 title inside the meeting name.


def test_a_quoted_phrase_inside_the_meeting_name_keeps_the_meeting():
    text = "5月6日，县水务局召开“清河护岸”专项行动动员会，部署汛前工作。局长邓一鸣出席会议并讲话，副局长韦晓主持会议。\n"
    m = meeting(text)
    assert m is not None and m.title == "“清河护岸”专项行动动员会"
    assert [p.name for p in m.chairs] == ["韦晓"] and [p.name for p in m.speakers] == ["邓一鸣"]


def test_a_book_title_inside_the_meeting_name_keeps_the_meeting():
    text = "7月1日，区司法局召开《调解条例》宣讲会。副局长范成主持会议。\n"
    m = meeting(text)
    assert m is not None and m.title == "《调解条例》宣讲会"


# 2. Verb phrases between a speaker's name and 讲话/报告/部署.


def test_report_then_speech_gives_one_speaker_with_the_right_name():
    text = "3月3日，全镇农业工作会议召开。镇党委书记覃志刚作工作报告并讲话。\n"
    assert [(p.name, p.title) for p in meeting(text).speakers] == [("覃志刚", "镇党委书记")]


def test_on_behalf_of_and_attending_speakers_are_found():
    text = (
        "8月2日，全市档案工作会议召开。市档案馆馆长严冬代表市档案馆作工作报告，"
        "副市长柯蓝到会讲话，秘书长卢平主持会议。\n"
    )
    m = meeting(text)
    assert [p.name for p in m.speakers] == ["严冬", "柯蓝"]
    assert [p.name for p in m.chairs] == ["卢平"]


def test_a_deployment_on_a_topic_names_its_speaker():
    text = "4月8日，学校召开安全工作会议。副校长任可对消防安全工作作具体部署，校长韩峰主持会议。\n"
    assert [p.name for p in meeting(text).speakers] == ["任可"]


# 3. Lead and co units written out.


def test_a_responsible_line_under_a_lead_line_lists_co_units():
    text = "一、主要任务\n1.建设智慧食堂。\n牵头单位：后勤处\n责任单位：资产处、信息办\n完成时限：9月底前\n"
    node = parse_text(text).items[0].children[0]
    assert node.lead_units == ["后勤处"] and node.co_units == ["资产处", "信息办"]


def test_a_responsible_line_alone_is_the_lead():
    text = "一、主要任务\n1.建设智慧食堂。\n责任单位：后勤处、资产处\n"
    node = parse_text(text).items[0].children[0]
    assert node.lead_units == ["后勤处", "资产处"] and node.co_units == []


def test_inline_roles_after_a_label_are_split_and_stripped():
    text = "一、主要任务\n1.清理闲置设备。（责任科室：设备科牵头，采购科、财务科配合，8月底前完成）\n"
    node = parse_text(text).items[0].children[0]
    assert node.lead_units == ["设备科"] and node.co_units == ["采购科", "财务科"]
    assert node.deadline == "8月底前"


def test_inline_roles_in_a_table_cell_are_split_the_same_way():
    assert _units_from_cell("设备科牵头，采购科配合", RESP) == (["设备科"], ["采购科"])
    assert _units_from_cell("责任科室：设备科牵头，采购科配合", LEAD) == (["设备科"], ["采购科"])


# 4. A framework named in a heading, its items after a colon in the next paragraph.


def test_framework_items_in_the_paragraph_after_the_heading():
    text = (
        "一、重点工作\n（一）开展“三个一”提升活动\n主要做好以下三个方面：编制一份服务指南；"
        "建立一本工作台账；组织一轮业务培训。\n（二）加强督导\n定期通报进展。\n"
    )
    heading = parse_text(text).items[0].children[0]
    assert heading.framework is not None and heading.framework.count == 3
    assert [c.title for c in heading.children] == ["编制一份服务指南", "建立一本工作台账", "组织一轮业务培训"]


def test_a_colon_list_of_another_length_is_not_the_framework():
    text = "一、重点工作\n（一）开展“三个一”提升活动\n主要做好以下工作：编制指南；建立台账。\n"
    heading = parse_text(text).items[0].children[0]
    assert heading.framework is None


# 5. The lead-in paragraph under a framework heading.


def test_a_lead_in_paragraph_under_a_framework_heading_is_no_item():
    text = (
        "一、实施“两项计划”\n按照总体安排，同步推进育苗计划和护林计划。\n"
        "（一）育苗计划。新建苗圃两处。\n（二）护林计划。增设护林员十名。\n二、保障措施\n落实经费。\n"
    )
    node = parse_text(text).items[0]
    assert node.framework is not None and node.framework.count == 2
    assert [c.marker for c in node.children] == ["（一）", "（二）"]


# 6. A speech's lead-in paragraph and its closing words.


def test_a_lead_in_paragraph_keeps_only_its_list_as_children():
    text = (
        "在全区教育工作会议上的讲话\n同志们：\n这次会议开得及时。各校上学期付出很多。矛盾依然突出。"
        "结合新学期工作，我讲三点意见。\n第一，要抓好课堂教学。课堂是主阵地。\n"
        "第二，要关心教师成长。落实培训制度。\n同志们，新学期已经开始，让我们再接再厉！\n"
    )
    items = parse_text(text).items
    lead_in = next(n for n in items if n.children)
    assert [c.marker for c in lead_in.children] == ["第一", "第二"]
    assert all(not n.title.startswith("同志们") for n in walk(items))


# 7. Framework items keep their own length.


def test_items_that_end_alike_keep_their_full_length():
    text = "会议要求，要做到种好、养好、卖好、加工好“四好”，带动农户增收。\n"
    fws = [n for n in walk(parse_text(text).items) if n.framework]
    assert [c.title for c in fws[0].children] == ["种好", "养好", "卖好", "加工好"]


# 8. A deadline followed by its object in a note.


def test_a_deadline_followed_by_an_object_in_a_note():
    text = "改造老旧管网。（水务科牵头，城建科配合，第二季度完成管网铺设）"
    assert find_deadline_in(text, [(0, len(text))]) == "第二季度"
    text = "改造老旧管网。（水务科牵头，10月中旬前完成验收）"
    assert find_deadline_in(text, [(0, len(text))]) == "10月中旬前"


def test_a_deployment_by_the_meeting_or_a_body_names_no_speaker():
    for opening in ("会议对下半年工作作具体部署", "县委对全年工作作了全面部署"):
        text = f"9月9日，全县秋收工作会议召开。{opening}。副县长宁川主持会议。\n"
        assert meeting(text).speakers == []


def test_a_deputy_to_the_congress_keeps_his_name():
    text = "9月9日，全县代表联络工作会议召开。省人大代表武涛作报告，副县长宁川主持会议。\n"
    assert [(p.name, p.title) for p in meeting(text).speakers] == [("武涛", "省人大代表")]


def test_a_name_ending_a_body_sentence_does_not_take_the_next_paragraph():
    text = (
        "一、总体要求\n全年工作抓得很实。着力推进“三个转变”\n具体安排如下：修订制度；完善考核；强化培训。\n"
    )
    fws = [n for n in walk(parse_text(text).items) if n.framework]
    assert fws == []
