"""Meeting metadata from report openings and speech headings."""

from luoshi.intake.meeting import find_meeting
from luoshi.intake.segment import paragraphs


def meeting_of(text):
    return find_meeting(text, paragraphs(text))


def test_a_report_names_the_meeting_its_date_chair_and_speaker():
    text = (
        "4月2日上午，全区宣传工作会议召开。区委常委、宣传部部长钱立新出席会议并讲话，"
        "区委副书记孔明主持会议。\n会议指出，一年来工作扎实。"
    )
    meeting = meeting_of(text)
    assert meeting.title == "全区宣传工作会议"
    assert meeting.date == "4月2日上午"
    assert [(p.name, p.title) for p in meeting.chairs] == [("孔明", "区委副书记")]
    assert [(p.name, p.title) for p in meeting.speakers] == [("钱立新", "区委常委、宣传部部长")]


def test_a_body_that_convenes_a_meeting_names_it():
    meeting = meeting_of("6月5日，市侨联党组召开会议，研究下半年工作。")
    assert meeting.title == "市侨联党组会议"
    assert meeting.date == "6月5日"


def test_chairing_while_convening_makes_a_chair_only():
    meeting = meeting_of("9月1日，区长林海主持召开区政府第8次常务会议，审议有关文件。")
    assert meeting.title == "区政府第8次常务会议"
    assert [p.name for p in meeting.chairs] == ["林海"]
    assert meeting.speakers == []


def test_chaired_by_and_several_speakers():
    meeting = meeting_of(
        "近日，全县招商工作推进会召开。会议由副县长吴桐主持，县委书记郑一、县长冯二出席并讲话。"
    )
    assert [p.name for p in meeting.chairs] == ["吴桐"]
    assert [(p.name, p.title) for p in meeting.speakers] == [("郑一", "县委书记"), ("冯二", "县长")]


def test_a_speech_heading_gives_the_meeting_and_the_speaker():
    meeting = meeting_of("何平同志在全市组织工作会议上的讲话\n（2024年1月9日）\n同志们：")
    assert meeting.title == "全市组织工作会议"
    assert meeting.date == "2024年1月9日"
    assert [p.name for p in meeting.speakers] == ["何平"]


def test_a_speaker_on_a_line_below_the_heading():
    meeting = meeting_of("在全县农村工作会议上的讲话\n县委书记　施耐\n（2023年2月3日）")
    assert [(p.name, p.title) for p in meeting.speakers] == [("施耐", "县委书记")]


def test_a_work_plan_has_no_meeting():
    text = "市交通局2024年工作要点\n一、总体要求\n坚持稳中求进，按季度召开工作例会，推动任务落实。"
    assert meeting_of(text) is None


def test_a_speech_subtitle_under_a_main_title():
    meeting = meeting_of(
        "守正创新 砥砺前行\n——在全区政协工作会议上的讲话\n区委书记　郑和平\n（2024年3月1日）"
    )
    assert meeting.title == "全区政协工作会议"
    assert [(p.name, p.title) for p in meeting.speakers] == [("郑和平", "区委书记")]


def test_a_news_prefix_before_the_date_and_a_quoted_speech_are_handled():
    meeting = meeting_of(
        "本报讯（通讯员 某）3月4日，全县信访工作会议召开。会议传达了上级讲话精神。副县长郭达作动员讲话。"
    )
    assert meeting.date == "3月4日"
    assert [p.name for p in meeting.speakers] == ["郭达"]


def test_names_holding_characters_of_group_words_are_kept():
    # 志, 同, 人, 上, 在 are common in given names; only whole words like 同志 or 负责 reject a name.
    text = "6月3日，全县水利工作会议召开。县长方志远主持会议，县委书记陈同在出席会议并讲话。"
    meeting = meeting_of(text)
    assert [(p.name, p.title) for p in meeting.chairs] == [("方志远", "县长")]
    assert [(p.name, p.title) for p in meeting.speakers] == [("陈同在", "县委书记")]


def test_a_long_title_ending_leaves_a_two_character_name():
    text = "8月1日，全市档案工作会议召开。会议由市政府副秘书长郑凯主持。"
    meeting = meeting_of(text)
    assert [(p.name, p.title) for p in meeting.chairs] == [("郑凯", "市政府副秘书长")]


def test_the_giver_of_the_work_report_speaks():
    text = "9月9日，全区林业工作会议召开。区林业局局长马上飞作工作报告。"
    meeting = meeting_of(text)
    assert [(p.name, p.title) for p in meeting.speakers] == [("马上飞", "区林业局局长")]


def test_group_words_are_no_names():
    text = "9月9日，全区林业工作会议召开。各镇有关负责同志出席会议并讲话。"
    assert meeting_of(text).speakers == []


def test_a_byline_under_a_named_heading_gives_the_speakers_title():
    text = "赵某某同志在全区教育工作会议上的讲话\n（2026年3月2日）\n区委常委、常务副区长　赵某某\n同志们：\n今天讲两点。"
    meeting = meeting_of(text)
    assert meeting.title == "全区教育工作会议"
    assert [(p.name, p.title) for p in meeting.speakers] == [("赵某某", "区委常委、常务副区长")]


def test_a_byline_naming_someone_else_does_not_change_the_speaker():
    text = "赵某某同志在全区教育工作会议上的讲话\n区教育局局长　钱某某\n同志们：\n今天讲两点。"
    assert [(p.name, p.title) for p in meeting_of(text).speakers] == [("赵某某", "")]


def test_a_speaker_known_only_by_title():
    meeting = meeting_of("区委书记在全区安全生产工作会议上的讲话\n\n同志们：\n今天召开会议，部署全年工作。")
    assert meeting.title == "全区安全生产工作会议"
    assert [(p.name, p.title) for p in meeting.speakers] == [("", "区委书记")]


def test_a_speech_headline_before_the_meeting_is_no_speaker():
    meeting = meeting_of("凝心聚力，开拓进取在全区宣传工作座谈会上的讲话 同志们：今天开个会。")
    assert meeting.title == "全区宣传工作座谈会"
    assert meeting.speakers == []


def test_a_byline_inside_a_speech_pasted_as_one_line():
    text = (
        "在全县水利工作会议上的讲话 攻坚克难抓落实 全力推进水利建设再上新台阶 中共 某某 县委常委、副县长王立新 "
        "（2012 年 4 月 6 日） 同志们： 今天召开会议，部署全年工作。"
    )
    meeting = meeting_of(text)
    assert [(p.name, p.title) for p in meeting.speakers] == [("王立新", "中共 某某 县委常委、副县长")]
    assert meeting.date == "2012 年 4 月 6 日"


def test_a_chair_named_at_the_end_of_the_report_and_a_relative_date():
    text = (
        "昨天上午，全市档案工作会议召开。市委常委、秘书长周海出席会议并讲话。\n"
        "会议要求，要抓好档案安全。\n"
        "副市长钱明主持会议。部分单位作交流发言。"
    )
    meeting = meeting_of(text)
    assert meeting.date == "昨天上午"
    assert [(p.name, p.title) for p in meeting.chairs] == [("钱明", "副市长")]


def test_the_giver_of_the_work_report_named_in_a_later_paragraph_speaks():
    text = (
        "3月1日，县委农村工作会议召开。县委书记高山出席会议并讲话。\n"
        "高山指出，要抓好春耕。\n"
        "县委常委、副县长林木作了工作报告，对去年工作进行了总结。"
    )
    meeting = meeting_of(text)
    assert [(p.name, p.title) for p in meeting.speakers] == [
        ("高山", "县委书记"),
        ("林木", "县委常委、副县长"),
    ]


def test_a_later_report_by_an_unnamed_official_adds_no_speaker():
    text = (
        "3月1日上午，全市侨务工作会议召开。市委常委、统战部长林海出席会议并讲话。\n"
        "市侨办有关负责同志作全市2020年度侨务工作报告。"
    )
    assert [p.name for p in meeting_of(text).speakers] == ["林海"]


def test_a_headline_over_the_dated_lead_paragraph_and_people_on_their_own_lines():
    text = (
        "我县召开安全生产工作会议\n"
        "2026年3月3日 来源：县政府网站\n"
        "县委书记高山作重要讲话\n"
        "县委常委、副县长林木主持会议并讲话\n"
        "3月2日，某某县安全生产工作会议在县委会议室召开。会议总结去年工作，部署今年任务。\n"
    )
    meeting = meeting_of(text)
    assert (meeting.title, meeting.date) == ("某某县安全生产工作会议", "3月2日")
    assert [(p.name, p.title) for p in meeting.chairs] == [("林木", "县委常委、副县长")]
    assert [(p.name, p.title) for p in meeting.speakers] == [
        ("高山", "县委书记"),
        ("林木", "县委常委、副县长"),
    ]


def test_a_headline_naming_the_speaker_after_a_space_and_gongzuo_bushu_is_no_role():
    text = "全省档案工作会议召开 总结工作部署任务\n\n全省水利工作会议在京召开 张明出席会议并讲话\n"
    meeting = meeting_of(text)
    assert meeting.title == "全省水利工作会议"
    assert [(p.name, p.title) for p in meeting.speakers] == [("张明", "")]


def test_bracketed_caption_words_are_no_part_of_the_meeting_name():
    meeting = meeting_of(
        "[视频]全省水利工作会议在京召开\n3月1日，全省水利工作会议在京召开。副省长李明出席会议并讲话。"
    )
    assert meeting.title == "全省水利工作会议"


def test_a_speaker_who_came_to_the_meeting_and_spoke_in_a_later_paragraph():
    text = "3月2日，全市档案工作会议召开。\n会议要求，要抓好档案安全。\n市委常委、秘书长周海到会并讲话。"
    assert [(p.name, p.title) for p in meeting_of(text).speakers] == [("周海", "市委常委、秘书长")]


def test_a_report_in_traditional_characters_is_read_and_reported_as_written():
    text = "3月6日上午，某縣召開農業農村工作推進會，副縣長馮浩出席會議並講話。\n馮浩強調，要抓好春耕。"
    meeting = meeting_of(text)
    assert (meeting.title, meeting.date) == ("農業農村工作推進會", "3月6日上午")
    assert [(p.name, p.title) for p in meeting.speakers] == [("馮浩", "副縣長")]


def test_a_heading_written_twice_on_one_line_names_the_meeting_once():
    meeting = meeting_of("县长在全县乡镇座谈会上讲话县长在全县乡镇座谈会上的讲话同志们：今天开个会。")
    assert meeting.title == "全县乡镇座谈会"
    assert [(p.name, p.title) for p in meeting.speakers] == [("", "县长")]
