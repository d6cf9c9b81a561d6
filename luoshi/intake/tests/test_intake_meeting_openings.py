"""Meeting openings seen in real reports (corpus/real batch14), each written here in invented words:
pinyin readings inside words, a meeting that opens (开幕) rather than is convened, a date standing as its
own clause after category words, a paragraph opening "<X会议>召开，", a speaker's titles run across a
comma, and a speaker named bare in a later sentence."""

from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.intake.meeting import find_meeting
from luoshi.intake.segment import paragraphs


def meeting_of(text):
    return find_meeting(text, paragraphs(text))


def people(persons):
    return [(p.name, p.title) for p in persons]


def test_readings_inside_words_are_read_past_and_kept_as_written():
    text = "5月6日上午，全區(qū)文旅工作推進(jìn)會(huì)在區(qū)政府召開(kāi)。區(qū)長(zhǎng)周啟明主持。\n會(huì)議要求，抓好落實(shí)。"
    meeting = meeting_of(text)
    assert meeting.title == "全區(qū)文旅工作推進(jìn)會(huì)"  # a last character keeps its reading
    assert meeting.date == "5月6日上午"
    assert people(meeting.chairs) == [("周啟明", "區(qū)長(zhǎng)")]


READING = st.sampled_from(["(huì)", "(zhǎng)", "(qū)", "(jìn)", "(kāi)", "(yì)"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), READING), max_size=6))
def test_readings_anywhere_change_nothing_but_the_words_as_written(insertions):
    plain = "3月2日，全县招商工作会议召开。县委书记郑一出席会议并讲话。"
    text = plain
    for at, reading in sorted(insertions, reverse=True):
        at = min(at, len(text))
        if text[at - 1 : at] in ("(", ")") or not ("\u4e00" <= text[at - 1 : at] <= "\u9fff"):
            continue  # a reading follows a character, never a bracket or a digit
        text = text[:at] + reading + text[at:]
    meeting = meeting_of(text)
    assert meeting is not None
    assert meeting.title.replace("(", " (").split(" (")[0]  # some title is reported
    for found, expected in ((meeting.title, "全县招商工作会议"), (meeting.speakers[0].name, "郑一")):
        assert found in text  # as written, readings and all
        stripped = "".join(part.split(")")[-1] for part in found.split("("))
        assert stripped == expected


def test_plain_brackets_are_no_reading():
    # (CCTV) and (记者) are words, not readings: the text is read as it is.
    meeting = meeting_of("新闻(CCTV)：3日，全市统战部长会议召开。市委常委、统战部部长孙立出席会议并讲话。")
    assert meeting.title == "全市统战部长会议"


def test_a_meeting_that_opens_is_a_meeting_report():
    meeting = meeting_of("1月9日上午，某市第五届人民代表大会第二次会议开幕，市长秦安作政府工作报告。")
    assert meeting.title == "某市第五届人民代表大会第二次会议"
    assert people(meeting.speakers) == [("秦安", "市长")]


def test_a_date_clause_after_category_words_opens_the_report():
    meeting = meeting_of(
        "机构 年鉴 【全区组织工作会议】 2009年3月4日，全区组织工作会议召开，会议部署了全年工作。"
    )
    assert meeting.title == "全区组织工作会议"
    assert meeting.date == "2009年3月4日"


def test_a_paragraph_opening_with_the_convened_meeting_is_a_report():
    meeting = meeting_of("全市档案工作会议召开，会议总结了去年工作，部署了今年任务。")
    assert meeting.title == "全市档案工作会议"


def test_a_plan_that_mentions_convening_a_meeting_mid_paragraph_is_no_report():
    assert meeting_of("一、加强组织领导。每季度召开一次联席会议，研究解决重大问题。") is None


def test_titles_run_across_a_comma_before_the_name():
    meeting = meeting_of(
        "7月1日，全省侨务工作会议召开。省委统战部副部长，省侨办主任、党组书记钟敏出席会议并讲话。"
    )
    assert people(meeting.speakers) == [("钟敏", "省委统战部副部长，省侨办主任、党组书记")]


def test_a_person_clause_before_the_comma_is_a_person_not_a_title():
    meeting = meeting_of("7月1日，全省侨务工作会议召开。会长甲乙，副市长丙丁出席会议并讲话。")
    assert sorted(people(meeting.speakers)) == [("丙丁", "副市长"), ("甲乙", "会长")]


def test_a_bare_speaker_takes_the_title_given_where_the_name_stood_before():
    meeting = meeting_of(
        "全市宣传工作会议召开 林峰出席\n3月5日，全市宣传工作会议召开。市委常委、宣传部长林峰出席，副市长白雪主持。"
        "林峰在讲话中说，今年要聚力突破。"
    )
    assert people(meeting.chairs) == [("白雪", "副市长")]
    assert ("林峰", "市委常委、宣传部长") in people(meeting.speakers)


def test_a_year_set_off_by_spaces_stays_in_the_meeting_name():
    meeting = meeting_of("今日上午，区政府 2025 年第三次常务会议召开。区长邓平主持会议并讲话。")
    assert meeting.title == "区政府 2025 年第三次常务会议"
    assert people(meeting.chairs) == [("邓平", "区长")]


def test_words_set_off_by_spaces_do_not_join_a_meeting_name():
    meeting = meeting_of("今日上午，区政府 第三次常务会议召开。区长邓平主持会议并讲话。")
    assert meeting.title == "第三次常务会议"
