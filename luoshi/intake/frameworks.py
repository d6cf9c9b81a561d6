"""Numbered frameworks: “四个重点”, 四项工程, 两支队伍, “三化”, “五个一批” — a name that announces N items.

A mention is a Chinese numeral of two or more, in quotes, or followed by a measure word and a noun. It
only becomes a framework when exactly N items are found for it, which keeps slogans such as “两个确立”
(whose items the text does not spell out) out of the tree. Items are found by structure, nearest first:
  N quoted names just before or after it      “强链”“延链”“补链”三项行动
  an N-part list (、 和 与 及) in its clause    …有甲、有乙…的“六有”建设, A和B“两支队伍”
  an N-part list in the clause after it        实施“五个一批”行动，开展A、进行B、…
The assembler also gives a framework to a node whose head holds the mention and whose children number N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import cn_to_int, count_to_int
from .segment import CLAUSE_END, SENTENCE_END, Span, find_stop, head_span, strip_span

_NUM = "[二两三四五六七八九十]"
_ARABIC = "[0-9０-９]"  # 推进3大工程, ５项机制: a count in Arabic digits, full-width too
_QUOTED = re.compile(
    rf"[“\"]((?:{_NUM}|十[一二三四五六七八九]|[二三四五六七八九]十|{_ARABIC}{{1,2}})[^“”\"\n]{{1,8}})[”\"]"
)
_MEASURE = "个|项|支|大|条|种|类|件|张|位|批|重|方面|场|道"
_BARE = re.compile(
    rf"(?<![第0-9０-９.．一二两三四五六七八九十百千万])({_NUM}{{1,2}}|{_ARABIC}{{1,2}}(?!{_ARABIC}))"
    rf"({_MEASURE})([\u4e00-\u9fff]{{2}})"
)
# 三件事。 四条路，: a one-character noun closes the name only when a stop follows it at once.
_BARE_SHORT = re.compile(
    rf"(?<![第0-9０-９.．一二两三四五六七八九十百千万])({_NUM}{{1,2}})(个|项|件|条)([\u4e00-\u9fff])(?=[。；，：;,:])"
)
_COUNT_CHAR = re.compile("[二两三四五六七八九十0-9０-９]")
_NOT_NOUN = set("年月日次人倍元天周岁以上下里个项分条")
_TIME_UNIT = set("日天周年月")  # closing a two-character noun: 工作日
# 三方面工作, 三个方面, 两个问题: an unquoted count of aspects announces a list, it names no framework
# (as 三点意见 does not).
_GENERIC = {"方面", "问题", "意见", "要求", "体会", "事情"}
# 四个单位作了发言, 这两个文件, 三个部门: a count of bodies, documents or people says who or what, it
# names no programme to deploy.
_NOT_PROGRAMME = {"单位", "部门", "文件", "同志", "代表", "人员"}
_TAIL = re.compile(r"(?:的|等|这|这些|此|上述|即|共|，|,)+$")
_LIST_SPLIT = re.compile(r"、")
_SEMI_SPLIT = re.compile(r"[；;]")
_COMMA_SPLIT = re.compile(r"[，,、]")
_AND_SPLIT = re.compile(r"和|与|及|以及|同")
_WINDOW = 120
_AFTER_CLAUSES = 4  # clauses after the name searched for its 、 list
_NOUN_TAIL_MAX = 7  # 的 + a short noun, or a noun phrase such as 民情工作法
_OPEN_Q, _CLOSE_Q = '“"', '”"'


@dataclass(frozen=True)
class Mention:
    """A framework name in the text: its span, the name as written (without quotes) and N."""

    start: int
    end: int
    name: str
    count: int
    # 三件事: a one-character noun is weak evidence — it may only name the numbered items that follow.
    announce_only: bool = False


_GROUP = re.compile(r"([一二两三四五六七八九十]{1,2})([^一二两三四五六七八九十]{1,2})")
_MEASURE_CHARS = set("个项支大条种类件张位批重方场道")
_ITEM_LEAD = re.compile(r"即|也就是|就是|包括|分别是|分别为|具体是")


def _compound_count(name: str) -> int | None:
    """“三清一改” = 三清 + 一改 → 4, “两学一做” → 3: a name made only of numeral-led groups sums them.

    A measure word after the first numeral (“五个一批”) makes it N of one thing, not a compound."""
    groups = []
    pos = 0
    while pos < len(name):
        m = _GROUP.match(name, pos)
        if not m:
            return None
        groups.append(m)
        pos = m.end()
    if len(groups) < 2 or groups[0].group(2)[0] in _MEASURE_CHARS:
        return None
    values = [cn_to_int(g.group(1)) for g in groups]
    if not all(values):
        return None
    return sum(v for v in values if v)


def _count(name: str) -> int | None:
    compound = _compound_count(name)
    if compound and 2 <= compound <= 20:
        return compound
    i = 0
    chinese = "一二两三四五六七八九十"
    digits = chinese if name[:1] in chinese else "0123456789０１２３４５６７８９"
    while i < len(name) and name[i] in digits:
        i += 1
    rest = name[i:]
    if not rest or all(ch in "一二两三四五六七八九十百0123456789０１２３４５６７８９" for ch in rest):
        return None  # “十四五” is a period, not a framework
    value = count_to_int(name[:i])
    return value if value and 2 <= value <= 20 else None


# Where a noun phrase ends: punctuation, the end of the line, or a particle or conjunction.
_NOUN_BOUNDARY = set('，。；：、,.;:！？!?（）()“”"《》\n 　的和与及等是为要在中上')
_NOUN_MAX_EXTRA = 2


def _noun_end(text: str, pos: int, end: int) -> int:
    """End of the noun phrase whose first two characters end at pos: 十项重点|任务 runs on to the
    phrase's natural end when that comes within two more characters, else the two characters stand."""
    for extra in range(_NOUN_MAX_EXTRA, 0, -1):
        stop = pos + extra
        if stop > end or any(not "\u4e00" <= ch <= "\u9fff" for ch in text[pos:stop]):
            continue
        if any(ch in _NOUN_BOUNDARY for ch in text[pos:stop]):
            continue
        if stop == end or text[stop] in _NOUN_BOUNDARY:
            return stop
    return pos


def find_mentions(text: str, start: int, end: int) -> list[Mention]:
    """Framework names in the span, in order."""
    if not _COUNT_CHAR.search(text, start, end):
        return []  # every name holds its count: no numeral, no name
    found: dict[int, Mention] = {}
    quoted: set[int] = set()  # positions inside quoted names, so a bare match there is not counted twice
    for m in _QUOTED.finditer(text, start, end):
        count = _count(m.group(1))
        if count:
            found[m.start()] = Mention(m.start(), m.end(), m.group(1), count)
            quoted.update(range(m.start(), m.end()))
    for m in _BARE.finditer(text, start, end):
        if m.start() in quoted or m.group(3)[0] in _NOT_NOUN or text[m.end() : m.end() + 1] in _CLOSE_Q:
            continue
        if m.group(2) == "方面" or m.group(3) in _GENERIC or m.group(3) in _NOT_PROGRAMME:
            continue
        if m.group(2) == "大" and "十" in m.group(1):
            continue  # 十九大, 二十大: a Party congress, not ten-odd items
        if text[m.end() : m.end() + 1] in _TIME_UNIT:
            continue  # 5个工作日, 3个工作周: a duration, not a name
        count = count_to_int(m.group(1))
        if count and 2 <= count <= 20:
            name_end = _noun_end(text, m.end(), end)
            found[m.start()] = Mention(m.start(), name_end, text[m.start() : name_end], count)
    for m in _BARE_SHORT.finditer(text, start, end):
        if m.start() in found or m.start() in quoted or m.group(3) in _NOT_NOUN:
            continue
        count = count_to_int(m.group(1))
        if count and 2 <= count <= 20:
            found[m.start()] = Mention(m.start(), m.end(), m.group(0), count, announce_only=True)
    return [found[k] for k in sorted(found)]


_QUOTE_JOINERS = "和与及"


def _quotes_before(text: str, lo: int, at: int, n: int) -> list[Span]:
    """N quoted names right before the mention (“甲”“乙”两项; “甲”和“乙”的“两条线”)."""
    spans: list[Span] = []
    i = at
    if i > lo and text[i - 1] == "的":
        i -= 1
    while i > lo and len(spans) <= n:
        while i > lo and text[i - 1] in "、，, ":
            i -= 1
        if spans and i > lo and text[i - 1] in _QUOTE_JOINERS and len(spans) == 1:
            i -= 1  # the last two names joined by 和
        if i <= lo or text[i - 1] not in _CLOSE_Q:
            break
        j = i - 2
        while j >= lo and j > i - 20 and text[j] not in _OPEN_Q:
            j -= 1
        if j < lo or text[j] not in _OPEN_Q or j + 1 >= i - 1:
            break
        spans.append((j + 1, i - 1))
        i = j
    return spans[::-1] if len(spans) == n else []


def _one_quote_before(text: str, lo: int, at: int) -> Span | None:
    """The inside of the one quotation that ends right before the mention, when it holds a 、."""
    if at - 1 <= lo or text[at - 1] not in _CLOSE_Q:
        return None
    j = at - 2
    while j >= lo and text[j] not in _OPEN_Q:
        if text[j] in _CLOSE_Q:
            return None
        j -= 1
    if j < lo or "、" not in text[j + 1 : at - 1]:
        return None
    return j + 1, at - 1


def _quotes_after(text: str, at: int, hi: int, n: int) -> list[Span]:
    spans: list[Span] = []
    i = at
    while i < hi and text[i] in "：:，,即（( ":
        i += 1
    while i < hi and len(spans) <= n:
        if text[i] not in _OPEN_Q:
            break
        j = i + 1
        while j < hi and j < i + 20 and text[j] not in _CLOSE_Q:
            j += 1
        if j >= hi or text[j] not in _CLOSE_Q or j == i + 1:
            break
        spans.append((i + 1, j))
        i = j + 1
        while i < hi and text[i] in "、，, ":
            i += 1
    return spans if len(spans) == n else []


def _split_list(text: str, s: int, e: int, n: int, allow_and: bool = True) -> list[Span]:
    """Cut a span into n parallel parts at 、 (and 和/与/及 before the last part), else []."""
    parts = _cut(text, s, e, _LIST_SPLIT)
    if not allow_and:
        pass  # after a mention only a 、 list is strong enough evidence
    elif len(parts) == n - 1 and parts:
        last = _cut(text, parts[-1][0], parts[-1][1], _AND_SPLIT, limit=1)
        parts = parts[:-1] + last
    elif len(parts) == 1 and n == 2:
        parts = _cut(text, s, e, _AND_SPLIT, limit=1)
    if len(parts) != n or any(pe - ps < 2 or pe - ps > 40 for ps, pe in parts):
        return []
    if any(ch in _OPEN_Q for ps, pe in parts for ch in text[ps:pe]):
        return []  # items holding quoted names are slogans side by side, not one framework's items
    return _trim_parallel(text, parts)


def _cut(text: str, s: int, e: int, sep: re.Pattern, limit: int = 0) -> list[Span]:
    parts, pos = [], s
    for m in sep.finditer(text, s, e):
        parts.append(strip_span(text, pos, m.start()))
        pos = m.end()
        if limit and len(parts) >= limit:
            break
    parts.append(strip_span(text, pos, e))
    return [p for p in parts if p[0] < p[1]]


def _trim_parallel(text: str, parts: list[Span]) -> list[Span]:
    # Parallel items have one length: the first often carries the shared verb (推进A化、B化、C化建设)
    # and the last the shared object, so cut them to the middle items' length when those agree.
    # An edge item that opens like every middle item (稳A、稳B、稳C、稳DEF) is whole, not padded.
    if len(parts) < 3:
        return parts
    middle = {e - s for s, e in parts[1:-1]}
    if len(middle) != 1:
        return parts
    size = middle.pop()
    (fs, fe), (ls, le) = parts[0], parts[-1]
    leads = {text[s] for s, _ in parts[1:-1]}
    lead = leads.pop() if len(leads) == 1 else None
    # Likewise a last item that ends like every middle item (建好、管好、护好、运营好) is whole: its
    # extra length is its own, not a shared object.
    tails = {text[e - 1] for _, e in parts[1:-1]}
    tail = tails.pop() if len(tails) == 1 else None
    first = (fe - size, fe) if fe - fs > size and text[fs] != lead else (fs, fe)
    last = (ls, ls + size) if le - ls > size and text[ls] != lead and text[le - 1] != tail else (ls, le)
    return [first, *parts[1:-1], last]


def _strip_tail(text: str, s: int, e: int) -> int:
    m = _TAIL.search(text, s, e)
    return m.start() if m and m.end() == e else e


def _introduces(text: str, at: int, stop: int, hi: int) -> bool:
    """A short noun tail after the name (“两个确保”的底线, “五个一”工作法) that ends in an item
    introducer — a colon, or a comma followed by 即 — still announces the name's items."""
    if stop - at > _NOUN_TAIL_MAX or stop >= hi:
        return False
    if any(not "\u4e00" <= ch <= "\u9fff" for ch in text[at:stop]):
        return False
    if text[stop] in "：:":
        return True
    return text[stop] in "，," and _ITEM_LEAD.match(text, stop + 1, hi) is not None


_HEAD_TAIL_MAX = 8  # a heading's words after the name: “五个一”降本举措
_LEAD_IN_MAX = 30  # the lead-in before the colon of the list paragraph under it


def _next_paragraph_list(text: str, mention: Mention, rest_end: int, hi: int) -> list[Span]:
    """A heading that names a framework (实施“N个X”举措) with its N items in the next paragraph,
    after a short lead-in and a colon and parted by semicolons: the items of that list."""
    line_end = text.find("\n", mention.end, min(hi, mention.end + _HEAD_TAIL_MAX + 2))
    if line_end < 0 or line_end > rest_end:
        return []
    line_start = text.rfind("\n", 0, mention.start) + 1
    if mention.start - line_start > _LEAD_IN_MAX or any(
        ch in SENTENCE_END + "；;" for ch in text[line_start : mention.start]
    ):
        return []  # the name must stand in a heading line, not end a sentence of a body paragraph
    tail = text[mention.end : line_end].strip(" \t\u3000\r。")
    if len(tail) > _HEAD_TAIL_MAX or any(not "\u4e00" <= ch <= "\u9fff" for ch in tail):
        return []
    start, _ = strip_span(text, line_end + 1, hi)
    sentence_end = find_stop(text, start, hi, SENTENCE_END)
    colon = find_stop(text, start, min(sentence_end, start + _LEAD_IN_MAX), "：:")
    if colon >= min(sentence_end, start + _LEAD_IN_MAX) or text[colon] not in "：:":
        return []
    line = text.find("\n", colon, sentence_end)
    parts = _cut(text, colon + 1, sentence_end if line < 0 else line, _SEMI_SPLIT)
    if len(parts) == mention.count and all(2 <= e - s <= 40 for s, e in parts):
        return parts
    return []


def _inside_enumeration(text: str, mention: Mention, hi: int) -> bool:
    """Whether a 、 list runs through the name: a 、 both in its clause before it and after it."""
    clause_start = mention.start
    while clause_start > 0 and text[clause_start - 1] not in CLAUSE_END:
        clause_start -= 1
    stop = find_stop(text, mention.end, hi, CLAUSE_END + "、")  # outside quotes: “抓A、抓B” is one name
    return "、" in text[clause_start : mention.start] and stop < hi and text[stop] == "、"


_ANNOUNCED_COLON = re.compile(r"[，,]?[ \t\u3000]*(?:分别是|分别为|即|包括|具体是|就是)?[：:]")
_SEMI_LIST_MAX = 3000  # how far a ；-list of long items may run to its sentence end


def _announced_semicolon_list(text: str, mention: Mention, hi: int) -> list[Span]:
    """7项工作任务，分别是：A，…；B，…；…。 — a colon right after the name opens exactly N items parted
    by ；, however long each runs (to the end of the sentence)."""
    m = _ANNOUNCED_COLON.match(text, mention.end, hi)
    if not m:
        return []
    limit = min(hi, m.end() + _SEMI_LIST_MAX)
    sentence_end = find_stop(text, m.end(), limit, SENTENCE_END)
    parts = _cut(text, m.end(), sentence_end, _SEMI_SPLIT)
    if len(parts) == mention.count and all(e - s >= 2 for s, e in parts):
        return parts
    return []


def _alike_clauses(text: str, mention: Mention, rest_end: int, hi: int) -> list[Span]:
    """抓好两个紧盯，即紧盯A，紧盯B；: right after the name's clause (and a 即), exactly N comma clauses that
    open with the same two characters — the name's own word unless 即 introduces them — and end the run."""
    if rest_end >= hi or text[rest_end] not in "，,：:":
        return []
    pos = rest_end + 1
    lead = _ITEM_LEAD.match(text, pos, hi)
    if lead:
        pos = lead.end()
    clauses: list[Span] = []
    while pos < hi and len(clauses) <= mention.count:
        stop = find_stop(text, pos, hi)
        s, e = strip_span(text, pos, stop)
        if s < e:
            clauses.append((s, e))
        if stop >= hi or text[stop] not in "，,":
            break
        pos = stop + 1
    n = mention.count
    if len(clauses) < n:
        return []
    items = clauses[:n]
    opening = text[items[0][0] : items[0][0] + 2]
    if len(opening) < 2 or any(not text.startswith(opening, s) or e - s > _ITEM_MAX for s, e in items):
        return []
    if not lead and opening not in mention.name:
        return []  # …“两个维护”，坚持A，坚持B: without 即 the clauses must repeat the name's own word
    if len(clauses) > n and text.startswith(opening, clauses[n][0]):
        return []  # a longer run than the count: not this name's items
    return items


def local_items(text: str, lo: int, hi: int, mention: Mention) -> list[Span]:
    """Spans of the mention's items near it inside lo..hi, or [] when exactly N are not there."""
    n = mention.count
    items = _announced_semicolon_list(text, mention, hi)
    if items:
        return items
    # Items sit near their name; a window keeps a clause without stops from making this quadratic.
    lo, hi = max(lo, mention.start - _WINDOW), min(hi, mention.end + 2 * _WINDOW)
    items = _quotes_before(text, lo, mention.start, n)
    if items:
        return items
    clause_start = mention.start
    while clause_start > lo and text[clause_start - 1] not in CLAUSE_END:
        clause_start -= 1
    quoted = _one_quote_before(text, clause_start, mention.start)
    if quoted:
        # 围绕“A、B、C”三大任务: one quotation holding the 、-list, right before the name.
        items = _split_list(text, *quoted, n)
        if items:
            return items
    before_end = _strip_tail(text, clause_start, mention.start)
    # 做好A、B“两会”期间的C、D等: the name is a word inside a longer list, whose parts are not its items.
    if before_end - clause_start >= 2 * n and not _inside_enumeration(text, mention, hi):
        items = _split_list(text, clause_start, before_end, n)
        if items:
            return items
    items = _quotes_after(text, mention.end, hi, n)
    if items:
        return items
    # An announcement ends its clause (实施“五个一批”行动，…): the list is in the next clause or sentence.
    rest_end = find_stop(text, mention.end, hi)
    items = _next_paragraph_list(text, mention, rest_end, hi)
    if items:
        return items
    items = _alike_clauses(text, mention, rest_end, hi)
    if items:
        return items
    if (rest_end - mention.end > 4 or text.startswith("的", mention.end)) and not _introduces(
        text, mention.end, rest_end, hi
    ):
        return _run_items(text, mention, rest_end, hi)
    if rest_end < hi and text[rest_end] in "：:":
        # "“三个体系”：A；B；C。" — a colon announces items parted by semicolons.
        sentence_end = find_stop(text, rest_end + 1, hi, SENTENCE_END)
        parts = _cut(text, rest_end + 1, sentence_end, _SEMI_SPLIT)
        if len(parts) == n and all(e - s >= 2 for s, e in parts):
            return parts
        parts = _cut(text, rest_end + 1, sentence_end, _COMMA_SPLIT)
        same_lead = len({text[s : s + 2] for s, _ in parts}) == 1
        # Items that open alike (确保…，确保…) may be long; unlike ones must be short to count.
        size = 40 if same_lead else 16
        if len(parts) == n and all(2 <= e - s <= size for s, e in parts) and (same_lead or n >= 3):
            return parts
    pos = rest_end
    sentence_end = find_stop(text, rest_end + 1, hi, SENTENCE_END)
    closes = rest_end < hi and text[rest_end] in SENTENCE_END
    for turn in range(_AFTER_CLAUSES):
        stop = find_stop(text, pos, hi)
        s, e = strip_span(text, pos, stop)
        lead = _ITEM_LEAD.match(text, s, e)
        if lead and pos == rest_end + 1:
            s = lead.end()  # "，即A、B、C": 即 introduces the items and is none of them
        if e - s >= 2 * n:
            # After 即 the apposition is the list itself, so 和 may join its last item (即A和B).
            items = _split_list(
                text, s, _strip_tail(text, s, e), n, allow_and=bool(lead) and pos == rest_end + 1
            )
            # Two names joined by 、 in a later clause (…“两个坚决”，落实党中央、国务院部署) are usually a
            # pair inside one phrase; as a framework's two items they must open or end alike.
            if items and (n > 2 or _parallel([text[a:b] for a, b in items], mention.name, loose=False)):
                return items
        if stop >= hi:
            break
        pos = stop + 1
        if text[stop] in SENTENCE_END and stop > mention.end + 40:
            break
        # Past the first two clauses, look on only when the name closes its sentence, and only through
        # the next sentence (实施“五个一”工程。围绕X，开展A、B、C…): a leading clause may open it. A list
        # further on in the name's own sentence belongs to another thought.
        if turn >= 1 and (closes is False or (stop > sentence_end and text[stop] in SENTENCE_END)):
            break
    return _run_items(text, mention, rest_end, hi)


# --- the general rule: the first split of the text after the name into exactly N parallel parts -------

_SUBJECT_MAX = 12  # a shared subject before the first item: 重要活动、重大事项|同步研判…
_ITEM_MAX = 40
_LIST_CLAUSES = 2  # a 、 list further into the run belongs to another thought (…，…，A、B、C为重点)
_CLAUSE_SPLIT = re.compile(r"[，,；;：:]")


def _runs(text: str, mention: Mention, rest_end: int, hi: int) -> list[Span]:
    """The text after the name's clause: the rest of its sentence, then the next sentence, in its line."""
    line_end = text.find("\n", mention.end, hi)
    line_end = hi if line_end < 0 else line_end
    runs: list[Span] = []
    sentence_end = find_stop(text, mention.end, line_end, SENTENCE_END)
    if rest_end < sentence_end:
        runs.append(strip_span(text, rest_end + 1, sentence_end))
    if sentence_end < line_end:
        start = sentence_end + 1
        runs.append(strip_span(text, start, find_stop(text, start, line_end, SENTENCE_END)))
    return [(s, e) for s, e in runs if e - s >= 2 * mention.count]


def _common_prefix(heads: list[str]) -> int:
    size = 0
    while all(len(h) > size for h in heads) and len({h[size] for h in heads}) == 1:
        size += 1
    return size


def _common_suffix(heads: list[str]) -> int:
    return _common_prefix([h[::-1] for h in heads])


def _parallel(heads: list[str], name: str, loose: bool) -> bool:
    """Parts are parallel when they open alike (坚持A，坚持B), end like each other or the name (A到位；
    B到位 of “五个到位”) or — for a 、 list, where the separator itself is strong evidence — are of
    about one length (明确一名包案领导、制定一套化解方案)."""
    if any(len(h) < 2 or len(h) > _ITEM_MAX for h in heads):
        return False
    if any(ch in _OPEN_Q for h in heads for ch in h):
        return False
    lead = _common_prefix(heads)
    if lead >= 2 or (loose and lead >= 1):
        return True
    tail = _common_suffix(heads)
    if tail >= 2 and (name.endswith(heads[0][-tail:]) or tail >= 2 and loose):
        return True
    if loose:
        sizes = [len(h) for h in heads]
        return max(sizes) - min(sizes) <= max(2, min(sizes) // 2)
    return False


def _strip_subject(text: str, parts: list[Span], n: int) -> list[Span]:
    """重要活动、重大事项同步研判舆情、同步制定应对预案、同步做好引导处置 for “三同步”: more than N parts,
    the last N-1 open alike, and the part before them holds that opening after a short shared subject —
    cut the subject off."""
    if n < 3 or len(parts) <= n:
        return []
    tail = parts[-(n - 1) :]
    lead = _common_prefix([text[s:e] for s, e in tail])
    if lead < 2:
        return []
    s, e = parts[-n]
    word = text[tail[0][0] : tail[0][0] + lead]
    at = text.find(word, s + 1, e)
    if at < 0 or at - parts[0][0] > _SUBJECT_MAX:
        return []
    return [(at, e), *tail]


def _run_items(text: str, mention: Mention, rest_end: int, hi: int) -> list[Span]:
    """Split each run on 、 (clause by clause), then ；, then ， and take the first split into exactly N
    parallel parts — or N parallel parts and one closing clause (…，推进平安建设) for a ， split."""
    n, name = mention.count, mention.name
    for rs, re_ in _runs(text, mention, rest_end, hi):
        pos = rs
        for _ in range(_LIST_CLAUSES):  # 、 lists, one clause at a time, near the run's start
            if pos >= re_:
                break
            stop = find_stop(text, pos, re_)
            parts = _cut(text, pos, stop, _LIST_SPLIT)
            if len(parts) > n:
                parts = _strip_subject(text, parts, n)
            # Two short parts (党中央、国务院) are too common to be evidence by their length alone.
            if len(parts) == n and _parallel([text[s:e] for s, e in parts], name, loose=n > 2):
                return parts
            pos = stop + 1
        parts = _cut(text, rs, re_, _SEMI_SPLIT)
        if len(parts) == n:
            heads = [head_span(text, s, e) for s, e in parts]
            if _parallel([text[s:e] for s, e in heads], name, loose=False):
                return parts
        parts = _cut(text, rs, re_, _CLAUSE_SPLIT)
        if len(parts) == n + 1 and not _parallel([text[s:e] for s, e in parts], name, loose=False):
            parts = parts[:-1]
        if len(parts) == n and _parallel([text[s:e] for s, e in parts], name, loose=False):
            return parts
    return []
