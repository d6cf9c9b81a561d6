"""Meeting metadata from the opening of a meeting report or the heading of a speech.

A report opens like "<date>，<X会议>召开" / "<date>，<body>召开<X会议>" and names who chaired (主持)
and who spoke (讲话); a speech is headed "<name>同志在<X会议>上的讲话". Only the opening is read, so a
work plan that mentions convening meetings among its tasks does not become a meeting.
"""

from __future__ import annotations

import re

from .model import Meeting, Person
from .segment import Span, paragraphs

_OPENING_CHARS = 1200
_REPORT_OPENING = 6  # paragraphs searched for the report's opening: a headline, a caption line, the lead
# The meeting word must end the phrase, so 召开专题会议 is not cut at 专题会 and 社会 is no meeting.
_MEETING_WORD = (
    r"(?:会议|会)(?=[，。；：、,;:\s（(“”]|$|上|并|在|召|开幕|于|以|[0-9０-９一二三四五六七八九十]{1,3}日)"
)
# A meeting name may hold a quoted phrase or a document title: 召开“四好”建设推进会, 召开《条例》宣讲会.
_NAME_CHAR = r"(?:[^，。；：,;:\s“”《》]|“[^“”\n]{1,20}”|《[^《》\n]{1,30}》)"
_CONVENED_OBJ = re.compile(rf"(?:主持)?召开(?:了)?({_NAME_CHAR}{{0,40}}?{_MEETING_WORD})")
_CONVENED_SUBJ = re.compile(
    # A year set off by spaces (县政府 2024 年第二次全体会议, text from a PDF) stays in the name.
    rf"((?:[^，。；：,;:\s\[\]【】]|[ ](?=[0-9０-９]{{4}} ?年)|(?<=[0-9０-９])[ ](?=年)){{2,40}}?{_MEETING_WORD})"
    # …会议二十一日在北京召开 / …会议以电视电话会议形式在太原召开: a day, a manner and a place between.
    r"(?:[0-9０-９一二三四五六七八九十]{1,3}日(?:上午|下午)?)?(?:以[^，。；\s]{1,12}?形式)?"
    r"(?:在[^，。；\s]{1,20})?(?:隆重|顺利)?(?:召开|开幕)"
)
# A headline: the meeting's name and 召开 closing the line or followed by the headline's next phrase.
_HEADLINE = re.compile(rf"{_CONVENED_SUBJ.pattern}(?:[ \t\u3000，,]|$)")
_SPEECH = re.compile(
    rf"(.{{0,30}}?)(?:同志)?在([^在\n]{{2,50}}?{_MEETING_WORD})上的(?:讲话|重要讲话|报告|工作报告|发言|总结讲话|致辞)"
)
# A news story may open "本报讯（记者 某某）" before its date.
NEWS_PREFIX = re.compile(
    r"(?:[^，。\s（(]{0,12}(?:讯|消息))?[ \t\u3000]{0,2}(?:[（(][^（()）\n]{0,30}[)）])?[ \t\u3000]{0,2}"
)
_DATE = re.compile(
    r"(?:(?:(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
    # The same in Chinese numerals: 二〇二三年五月八日.
    r"|(?:[〇零一二三四五六七八九]{4}年)?[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"(?:上午|下午|晚上|晚间|晚|早上|中午)?"
    r"|(?:近日|日前|近期|昨天|昨日|今天|今日|当天)(?:上午|下午|晚上|晚间|早上|中午)?)"
)
# Text taken from a PDF keeps spaces inside a date: （2011 年 5 月 13 日）.
_SPACED_DATE = r"[0-9０-９]{4} ?年 ?[0-9０-９]{1,2} ?月 ?[0-9０-９]{1,2} ?日"
_DATE_LINE = re.compile(rf"[（(]?({_SPACED_DATE})[)）]?$")
# A speech pasted as one line: the byline stands right before the bracketed date.
_INLINE_BYLINE = re.compile(rf"[ \t\u3000]([^ \t\u3000（(]{{4,40}})[ \t\u3000]*[（(]({_SPACED_DATE})[)）]")
_TITLE_ONLY_MAX = 20
_BYLINE_FRAGMENT = 4  # short fragments before the byline (中共 XX 县委…) are its words split by PDF spacing
# Later sentences that only say who chaired or spoke: 副市长某某主持会议。 某某作了工作报告，…
_LATER_ROLE = re.compile(
    r"([^，。；：,;:\s作0-9０-９]{3,30}?)(主持(?:会议|大会)?(?:并讲话)?|(?:出席(?:会议)?|到会)并讲话|作了?(?:重要)?讲话"
    r"|作了?(?:工作|专题)?报告)(?=[，。；,;]|$)"
)
_ROLE = re.compile(
    r"主持|讲话|(?<!工)作(?:了)?(?:政府工作|工作|专题|主题)?报告|(?<!工)作(?:了)?(?:具体|动员|全面)?部署(?![的工])"
)
# Verb phrases between a speaker's name and the role word, taken off before the name is cut out:
# 张三作工作报告并|讲话, 张三代表区政府|作报告, 张三对某项工作|作具体部署, 张三到会|讲话.
_REPORT_TAIL = re.compile(r"作(?:了)?(?:政府工作|工作|专题|主题|重要)?报告(?:并|，|,)?$")
_ON_BEHALF = re.compile(r"(?:代表|对)[^，。；、\s]{1,20}$")
_PERSON_TAIL = re.compile(
    r"(?:同志|出席会议并|出席并|到会并|到会|主持会议并|主持并|出席|参加会议并|并|在会上|在会议上|作|发表|了|重要|总结|动员)"
    r"{0,6}$"
)
_PERSON_HEAD = re.compile(r"^(?:会议|会上|大会)?由")
# Endings of official titles (any length); a title/name phrase is split after the longest one that
# leaves a 2–3 character name, so 副秘书长韩磊 is 副秘书长 + 韩磊, not 副秘书 + 长韩磊.
_TITLE_WORDS = frozenset(
    (
        "主任 书记 部长 组长 市长 县长 区长 局长 主席 委员 常委 厅长 省长 镇长 乡长 经理 社长 院长 校长 会长"
        " 总理 理事 秘书 处长 科长 所长 行长 馆长 团长 队长 站长 专员 董事 干部 州长 旗长 政委 督学 参事"
        " 代表 秘书长 检察长 审计长 指挥长 巡视员 调研员 司令员 工程师 经济师 会计师 负责人 理事长 董事长"
    ).split()
)
_TITLE_LENS = sorted({len(w) for w in _TITLE_WORDS}, reverse=True)
# A part of a 、-list that ends like this is part of a title or an organisation, not a person.
_ORG_END = set("委员部局室厅处组办院所队站校会")
# Characters no given name is made of (bodies, places, grammar) and words that name groups, not people.
_NOT_NAME = set("委部局室厅处党单位会议区市县省记们各级的等")
_NOT_NAME_WORDS = ("同志", "领导", "成员", "人员", "人士", "代表", "负责", "有关", "上级", "干部", "群众")


# Traditional forms of the characters the meeting rules read (会议, 召开, 讲话, 主持, title words). A text
# in traditional characters is read through this one-to-one mapping, so offsets stay the same and every
# name, title and meeting name is cut from the text as written.
_TRADITIONAL = str.maketrans(
    "會議開講話長書記員廳縣區務黨組專處總經濟協屆級聯參與辦機關領導於並體館團隊幹檢審計揮負責調視鄉鎮職統戰傳達農業點進動習貫徹產設規劃報頭這場對為個項實現發將們時間華萬號電訊聞強遠屬國際門",
    "会议开讲话长书记员厅县区务党组专处总经济协届级联参与办机关领导于并体馆团队干检审计挥负责调视乡镇职统战传达农业点进动习贯彻产设规划报头这场对为个项实现发将们时间华万号电讯闻强远属国际门",
)

_TRADITIONAL_CHAR = re.compile("[" + "".join(map(chr, _TRADITIONAL)) + "]")


# A reading in pinyin that some sites insert after a character: 會(huì), 長(zhǎng). Letters with tone marks
# (or ü) inside round brackets; plain ASCII words in brackets (CCTV) are not readings.
_READING = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6}[)）]")


def find_meeting(text: str, paras: list[Span]) -> Meeting | None:
    """The meeting the document reports or the speech was given at; None for other documents.

    Pinyin readings inside words are read past (會(huì)議 is 會議) and kept in what is reported."""
    if not _READING.search(text):
        return _find_meeting_in(text, paras)
    kept: list[int] = []  # kept[i]: where the i-th character of the reading-free view stands in the text
    pos = 0
    for m in _READING.finditer(text):
        kept.extend(range(pos, m.start()))
        pos = m.end()
    kept.extend(range(pos, len(text)))
    view = "".join(text[i] for i in kept)
    meeting = _find_meeting_in(view, paragraphs(view))
    if meeting is None:
        return None

    def as_written(found: str | None) -> str | None:
        at = view.find(found) if found else -1
        if at < 0:
            return found
        end = kept[at + len(found) - 1] + 1
        reading = _READING.match(text, end)  # the last character's own reading stays with it
        return text[kept[at] : reading.end() if reading else end]

    meeting.title = as_written(meeting.title)
    meeting.date = as_written(meeting.date)
    for person in [*meeting.chairs, *meeting.speakers]:
        person.name = as_written(person.name)
        person.title = as_written(person.title)
    return meeting


def _find_meeting_in(text: str, paras: list[Span]) -> Meeting | None:
    # Most texts hold no traditional form at all: one search answers that without mapping every character.
    view = text.translate(_TRADITIONAL) if _TRADITIONAL_CHAR.search(text) else text
    meeting = _find_meeting(view, paras)
    if meeting is None or view == text:
        return meeting
    # Read in simplified form, reported as written: each string back from the same place in the text.
    meeting.title = _as_written(text, view, meeting.title)
    meeting.date = _as_written(text, view, meeting.date) if meeting.date else meeting.date
    for person in [*meeting.chairs, *meeting.speakers]:
        person.name = _as_written(text, view, person.name)
        person.title = _as_written(text, view, person.title)
    return meeting


def _as_written(text: str, view: str, found: str) -> str:
    at = view.find(found) if found else -1
    return text[at : at + len(found)] if at >= 0 else found


def _find_meeting(text: str, paras: list[Span]) -> Meeting | None:
    opening = [p for p in paras if p[0] < _OPENING_CHARS][:6]
    for s, e in opening[:3]:
        m = _SPEECH.match(text, s, e)
        if m:
            return _speech_meeting(text, m, opening)
    found = []
    for s, e in opening[:_REPORT_OPENING]:
        title, at = _convened(text, s, e)
        if not title:
            continue
        date = _DATE.match(text, _strip_caption(text, s, e), e) or _date_clause_before(text, s, at)
        if not date and not _ROLE.search(text, s, e) and not _HEADLINE.match(text, s, e):
            continue  # a plan that says "召开…会议" among its tasks is not a meeting report
        found.append((s, e, title, date))
    if not found:
        return None
    # A headline (…会议召开) over the report's own first paragraph (<date>，…会议召开。): the dated
    # paragraph names the meeting in full and gives the date; the headline's people still count.
    # Without a date, the paragraph that tells who chaired or spoke beats a bare headline.
    s, e, title, date = next((f for f in found if f[3]), None) or next(
        (f for f in found if _ROLE.search(text, f[0], f[1])), found[0]
    )
    meeting = Meeting(title=title, date=date.group(0) if date else None)
    _people(text, s, e, meeting)
    for hs, he, _, _ in found:
        if hs != s:
            _people(text, hs, he, meeting)
    _later_people(text, [p for p in paras if p[0] != s and p not in [(f[0], f[1]) for f in found]], meeting)
    _sayers(text, paras, meeting)
    return meeting


# A sentence whose subject is a person and whose verb reports their words: 张三强调，… / 会上，县长李四指出：
_SAYS = re.compile(
    r"(?:会上|会议上|随后|最后)?[，,]?([^，。；：,;:\s“”]{2,30}?)(?:强调|指出|要求|表示|說|强調|指出|要求|表示)[，,：:]"
)


def _sayers(text: str, paras: list[Span], meeting: Meeting) -> None:
    """Whoever the report quotes at a sentence's start (张三强调，…) spoke at the meeting: with the title
    given there, or the one given where the name first stood with a title (副县长张三出席会议。…张三指出)."""
    for s, e in paras:
        pos = s
        while pos < e:
            m = _SAYS.match(text, pos, e)
            if m:
                person = _split_person(m.group(1))
                if person and not person.title:
                    # A bare name counts once the report has named that person before (in the list
                    # of who attended), with the title given there if any.
                    seen = text.find(person.name, 0, m.start(1)) >= 0
                    person = _titled(text, person.name, m.start(1)) or (person if seen else None)
                if person and (not person.title or _ends_title(person.title)):
                    _add(meeting.speakers, person)
            stop = min((i for i in (text.find(ch, pos, e) for ch in "。；") if i >= 0), default=-1)
            if stop < 0:
                break
            pos = stop + 1


def _titled(text: str, name: str, before: int) -> Person | None:
    """The name as first written after a title, before `before`: 县委常委、副县长张三."""
    at = text.find(name, 0, before)
    while at >= 0:  # the first place the name stands after a title
        start = at
        while start > 0 and text[start - 1] not in "，。；：,;:\n \t\u3000":
            start -= 1
        person = _split_person(text[start : at + len(name)])
        if person and person.name == name and _ends_title(person.title):
            return person
        at = text.find(name, at + len(name), before)
    return None


def _strip_caption(text: str, s: int, e: int) -> int:
    """Where a paragraph's own words start after a news prefix or a pasted table's | ."""
    pos = NEWS_PREFIX.match(text, s, e).end()
    while pos < e and text[pos] in "| \t\u3000":
        pos += 1
    return pos


def _later_people(text: str, paras: list[Span], meeting: Meeting) -> None:
    """Chairs and speakers named after the opening, in a sentence that says only that: a title and a
    name, then 主持会议 / 出席会议并讲话 / 作了工作报告 at the sentence's (or clause's) start."""
    for s, e in paras:
        pos = s
        while pos < e:
            m = _LATER_ROLE.match(text, pos, e)
            if m:
                person = _split_person(m.group(1))
                if person and _ends_title(person.title):
                    if "主持" in m.group(2):
                        _add(meeting.chairs, person)
                    if "主持" not in m.group(2) or "讲话" in m.group(2):
                        _add(meeting.speakers, person)
            stop = text.find("。", pos, e)
            if stop < 0:
                break
            pos = stop + 1


def _date_clause_before(text: str, s: int, at: int) -> re.Match | None:
    """'…【会议名】 2002年8月19日，全市…会议召开': the clause right before the meeting's clause is a
    date of its own (a caption or category words may stand before it on the line)."""
    if at <= s or text[at - 1] not in "，,":
        return None
    i = at - 1
    while i > s and text[i - 1] not in "，。；：,;:\n \t\u3000】]|":
        i -= 1
    date = _DATE.match(text, i, at - 1)
    return date if date and date.end() == at - 1 else None


def _convened(text: str, s: int, e: int) -> tuple[str, int]:
    """The meeting named in a '…召开…' sentence of this paragraph (the earliest such name) and where
    its clause starts."""
    best: tuple[str, int] = ("", -1)
    for pattern in (_CONVENED_OBJ, _CONVENED_SUBJ):
        m = pattern.search(text, s, e)
        if m and (best[1] < 0 or m.start() < best[1]):
            title = m.group(1)
            if pattern is _CONVENED_OBJ and len(title) <= 2:
                # "X召开会议": the meeting is named after the body that convened it.
                subject = _subject_before(text, s, m.start())
                title = subject + title if subject else ""
            if title:
                best = (title, m.start())
    return best


def _subject_before(text: str, s: int, at: int) -> str:
    i = at
    while i > s and text[i - 1] not in "，。；：,;:\n":
        i -= 1
    return text[i:at].strip()


def _speech_meeting(text: str, m: re.Match, opening: list[Span]) -> Meeting:
    meeting = Meeting(title=m.group(2).strip())
    who = m.group(1).strip(" \u3000—-－").rsplit("讲话", 1)[-1]  # a heading written twice: the last one
    if any(ch in "，,。！!" for ch in who):
        who = ""  # 锐意进取，开拓创新在…上的讲话: a headline before the meeting, no person
    if not who:
        who, date = _inline_byline(text, m.end(), opening[0][1] if opening else m.end())
        meeting.date = date
    for s, e in opening:
        d = _DATE_LINE.match(text, s, e)
        if d and d.end() == e and not meeting.date:
            meeting.date = d.group(1)
        elif m.end() <= s and e - s <= 30 and not _DATE.match(text, s, e):
            # The speaker on a line of their own under the heading: "市委书记  张三". When the
            # heading already names them, the line still gives their title.
            line = re.sub(r"[ \t\u3000]+", "", text[s:e])
            if not who:
                who = line
            elif line.endswith(who) and len(line) > len(who):
                named = _split_person(who)
                if named is None or not named.title:
                    who = line
    if who:
        person = _split_person(who)
        if person is None and _ends_title(who) and len(who) <= _TITLE_ONLY_MAX:
            person = Person(name="", title=who)  # 县委书记在…上的讲话: known only by title
        if person:
            meeting.speakers.append(person)
    return meeting


def _inline_byline(text: str, start: int, end: int) -> tuple[str, str | None]:
    """'…讲话 标题 中共 某某 县委常委、副县长王立新 （2012 年 4 月 6 日）' on one line: the byline before
    the bracketed date, with the short fragments before it that PDF spacing split off."""
    m = _INLINE_BYLINE.search(text, start, min(end, start + 300))
    if not m:
        return "", None
    words = [m.group(1)]
    before = text[start : m.start()].split()
    while before and len(before[-1]) <= _BYLINE_FRAGMENT:
        words.insert(0, before.pop())
    return " ".join(words), m.group(2)


def _people(text: str, s: int, e: int, meeting: Meeting) -> None:
    for m in _ROLE.finditer(text, s, e):
        i = m.start()
        while i > s and text[i - 1] not in "，。；：,;:\n \t\u3000":
            i -= 1
        if text.startswith(("精神", "要求", "指示"), m.end()):
            continue  # 学习…讲话精神 reports another speech, not who spoke here
        phrase = text[max(i, m.start() - 80) : m.start()]
        phrase = _REPORT_TAIL.sub("", phrase)
        cut = max(phrase.rfind("作", len(phrase) - 5), phrase.rfind("发表", len(phrase) - 6))
        if cut > 0:
            phrase = phrase[:cut]  # 作重要讲话, 作动员部署讲话, 发表讲话
        if m.group(0) == "讲话" and text.startswith("中", m.end()):
            phrase = phrase.removesuffix("在")  # 张三在讲话中说: the speech's own words follow
        phrase = _drop_on_behalf(_PERSON_TAIL.sub("", phrase))
        date = _DATE.match(phrase)
        phrase = phrase[date.end() :] if date else phrase
        phrase = _PERSON_HEAD.sub("", phrase)
        people = _split_people(phrase)
        if people and phrase == text[i : i + len(phrase)]:
            _title_before_comma(text, s, i, people[0])
        people = [(_titled(text, p.name, i) or p) if not p.title and len(people) == 1 else p for p in people]
        if m.group(0) == "讲话" and people:
            people = _comma_joined(text, s, i) + people
        for person in people:
            if m.group(0) == "主持":
                _add(meeting.chairs, person)
                if text.startswith("会议并讲话", m.end()) or text.startswith("并讲话", m.end()):
                    _add(meeting.speakers, person)
            else:
                _add(meeting.speakers, person)


def _title_before_comma(text: str, s: int, i: int, person: Person) -> None:
    """'市委常委、宣传部部长，市政府副市长张三出席…': the sentence opens with a clause of titles only,
    and the person's clause goes on after a comma: both clauses are the person's title."""
    if not person.title or i <= s + 1 or text[i - 1] not in "，,":
        return
    j = i - 1
    while j > s and text[j - 1] not in "，。；：,;:\n":
        j -= 1
    if j > s and text[j - 1] not in "。；\n":
        return  # not the sentence's first clause
    clause = text[j : i - 1].strip()
    if clause and _ends_title(clause) and not _split_people(clause) and len(clause) <= 30:
        person.title = text[j:i] + person.title


def _comma_joined(text: str, s: int, i: int) -> list[Person]:
    """'会长甲，副市长乙出席会议并讲话': the clauses before the speaker's, back to the sentence start,
    that are each nothing but titles and a name, speak too."""
    people: list[Person] = []
    while i > s + 1 and text[i - 1] in "，,":
        j = i - 1
        while j > s and text[j - 1] not in "，。；：,;:\n":
            j -= 1
        segment = text[j : i - 1].strip()
        found = _split_people(segment)
        if not found or not segment.endswith(found[-1].name) or not _ends_title(found[-1].title):
            break
        if len("".join(f"{p.title}{p.name}" for p in found)) + len(found) - 1 != len(segment):
            break
        people = found + people
        i = j
    return people


def _drop_on_behalf(phrase: str) -> str:
    """'馆长严冬代表市档案馆' → '馆长严冬': a 代表…/对… phrase after a title and name is dropped, but
    '人大代表张三' (代表 as a title) stays."""
    m = _ON_BEHALF.search(phrase)
    if not m:
        return phrase
    rest = phrase[: m.start()]
    if any(len(rest) > size and _ends_title(rest[:-size]) for size in (2, 3)):
        return rest
    # 会议对今年工作作出部署: no title and name before 对, so nobody is named.
    return "" if m.group(0).startswith("对") else phrase


def _add(people: list[Person], person: Person) -> None:
    if all(p.name != person.name for p in people):
        people.append(person)


def _split_people(phrase: str) -> list[Person]:
    """'市委书记甲、市长乙' → two people; a 、 inside one title (区委常委、宣传部部长) is kept."""
    people: list[Person] = []
    pending = ""
    for part in phrase.split("、"):
        pending = f"{pending}、{part}" if pending else part
        if len(part) >= 2 and not _ends_title(part) and part[-1] not in _ORG_END:
            person = _split_person(pending)
            if person:
                people.append(person)
            pending = ""
    return people


def _ends_title(phrase: str) -> int:
    """Length of the longest known title word ending the phrase (0 if none)."""
    for n in _TITLE_LENS:
        if len(phrase) >= n and phrase[-n:] in _TITLE_WORDS:
            return n
    return 0


def _split_person(phrase: str) -> Person | None:
    """'区委常委、宣传部部长张三' → Person('张三', '区委常委、宣传部部长')."""
    phrase = phrase.strip(" \u3000").removesuffix("同志")
    if len(phrase) < 2:
        return None
    # The name is what follows the longest title ending; ties go to the two-character name.
    best = (0, 0)
    for size in (2, 3):
        if len(phrase) > size:
            n = _ends_title(phrase[:-size])
            if n > best[0]:
                best = (n, size)
    size = best[1] or (2 if len(phrase) == 2 else 3)
    name = phrase[-size:]
    if not _is_name(name):
        return None
    return Person(name=name, title=phrase[:-size].strip("，,、 "))


def _is_name(name: str) -> bool:
    if not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return False
    if any(ch in _NOT_NAME for ch in name) or _ends_title(name):
        return False
    return not any(w in name for w in _NOT_NAME_WORDS)
