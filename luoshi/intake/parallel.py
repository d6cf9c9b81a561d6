"""Parallel items inside one paragraph, found by structure rather than by wording.

Three shapes, tried in this order:
  enumerated   一是…二是… / 一要…二要… / 第一，…第二，… / 首先…其次…最后   (numbers must run 1, 2, 3…)
  same leader  segments cut at ；or 。 that open with the same two characters (深化…；深化…) or the same
               modal (要…；要…); the first may carry a subject before its modal (各单位要…；要…)
  short heads  sentences that each open with a short verb-object head and a comma
               (完善制度机制，…。加强队伍建设，…。), every sentence of the run alike
Each item is returned as (start, content, end): where its marker starts, where its head starts, its end.
"""

from __future__ import annotations

import re

from .frameworks import find_mentions
from .numerals import cn_to_int
from .segment import (
    SENTENCE_END,
    SPACE,
    Span,
    find_stop,
    sentences,
    skip_lead_in,
    split_at,
    stop_positions,
    strip_span,
)

Item = tuple[int, int, int]

_ENUM = re.compile(
    r"([一二三四五六七八九十]{1,3})(是|要|则|来)"
    r"|第([一二三四五六七八九十]{1,3})[，,、：:]"
    r"|(首先|其次|再次|然后|最后)[，,、：:]"
)
_ORDER_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": 9}
_BOUNDARY = set("，。；：,;:！？!?（(“\n") | set(SPACE)
_MODALS = set("要应须需必")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
_SEGMENT_STOPS = "；;" + SENTENCE_END
_SPACE_OR_BREAK = frozenset(SPACE + "\n")  # what strip_span passes over
MAX_ITEMS = 60


def _enum_key(m: re.Match) -> tuple[str, int] | None:
    if m.group(1):
        value = cn_to_int(m.group(1))
        return (m.group(2), value) if value else None
    if m.group(3):
        value = cn_to_int(m.group(3))
        return ("第", value) if value else None
    return ("序", _ORDER_WORDS[m.group(4)])


def enumerated(text: str, start: int, end: int) -> list[Item]:
    """Items of the longest 一是/第一/首先 chain in the span (at least two), else []."""
    chains: dict[str, list[Item]] = {}
    best: list[Item] = []
    for m in _ENUM.finditer(text, start, end):
        if m.start() > start and text[m.start() - 1] not in _BOUNDARY and not _after_subject(text, start, m):
            continue
        key = _enum_key(m)
        if key is None:
            continue
        kind, value = key
        chain = chains.setdefault(kind, [])
        expected = len(chain) + 1
        if value == expected or (kind == "序" and chain and value > len(chain)):
            chain.append((m.start(), m.end(), end))
        elif value == 1:
            if len(chain) > len(best):
                best = chain
            chains[kind] = [(m.start(), m.end(), end)]
    for chain in chains.values():
        if len(chain) > len(best):
            best = chain
    if len(best) < 2:
        return []
    return _close(text, best[:MAX_ITEMS], end)


def _after_subject(text: str, start: int, m: re.Match) -> bool:
    """全县一要…: a chain's first marker right after a short subject (it must still run on to 二要)."""
    if m.group(2) not in ("要", "是") or m.group(1) != "一":
        return False
    for k in range(2, 14):
        p = m.start() - k
        if p < start:
            return False
        if text[p] in _BOUNDARY:
            return k >= 3 and all(_CJK.match(ch) for ch in text[p + 1 : m.start()])
    return False


def _close(text: str, items: list[Item], end: int) -> list[Item]:
    """Each item ends where the next one starts."""
    out: list[Item] = []
    for i, (s, c, _) in enumerate(items):
        e = items[i + 1][0] if i + 1 < len(items) else end
        s2, e2 = strip_span(text, s, e)
        out.append((s2, max(c, s2), e2))
    return out


def _segment_starts(text: str, start: int, end: int, stops: str = _SEGMENT_STOPS) -> list[tuple[int, str]]:
    """Where segments start (after ；or a sentence end) and which stop preceded them."""
    starts = [(start, "")]
    for stop in stop_positions(text, start, end, stops):
        if len(starts) >= 400:
            break
        nxt = stop + 1
        while nxt < end and text[nxt] in _SPACE_OR_BREAK:
            nxt += 1
        if nxt < end:
            starts.append((nxt, text[stop]))
    return starts


def same_leader(text: str, start: int, end: int) -> list[Item]:
    """Segments that open with the same leader, starting at the span's start, else []."""
    starts = _segment_starts(text, start, end)
    if len(starts) < 2:
        return []
    first = starts[0][0]
    lead2 = text[first : first + 2]
    group = []
    if len(lead2) == 2 and all(_CJK.match(ch) for ch in lead2):
        group = [(p, stop) for p, stop in starts if text.startswith(lead2, p)]
    if len(group) < 2 and _is_modal(text, first):
        group = [(p, stop) for p, stop in starts if text[p] == text[first] and _is_modal(text, p)]
    if len(group) < 2 and _is_modal(text, first):
        # 要深化A，…；深化B，…；深化C: the first item carries the modal the others leave out.
        carried = text[first + 1 : first + 3]
        rest = [(p, stop) for p, stop in starts[1:] if len(carried) == 2 and text.startswith(carried, p)]
        if len(rest) >= 2 and all(_CJK.match(ch) for ch in carried):
            group = [starts[0], *rest]
    if len(group) < 2:
        group = _subject_first(text, starts, end)
    if not _enough(group):
        return []
    return _close(text, [(p, p, end) for p, _ in group[:MAX_ITEMS]], end)


def _subject_first(text: str, starts: list[tuple[int, str]], end: int) -> list[tuple[int, str]]:
    # "各单位要A，…；要B，…；要C" — the later segments share a modal the first has after its subject.
    if len(starts) < 3:
        return []
    second = starts[1][0]
    modal = text[second]
    if not _is_modal(text, second):
        return []
    rest = [(p, stop) for p, stop in starts[1:] if text[p] == modal and _is_modal(text, p)]
    if len(rest) < 2:
        return []
    clause_end = find_stop(text, starts[0][0], end)
    at = text.find(modal, starts[0][0], min(clause_end, starts[0][0] + 20))
    if at < 0 or not _is_modal(text, at):
        # 做好今年工作，要A，…。要B…。要C: the modal opens a later clause of the first sentence.
        at = _modal_clause(text, starts[0][0], second, modal)
    if at < 0:
        return []
    return [(at, ""), *rest]


_CLAUSE_SUBJECT = 6  # 2020年是…之年，各单位要A: a later clause's own short subject before the modal


def _modal_clause(text: str, start: int, end: int, modal: str) -> int:
    """Where the modal stands in the first clause in start..end that opens with it, or with a short
    subject of its own before it; else -1."""
    pos = start
    while pos < end:
        stop = find_stop(text, pos, end, "，,")
        nxt, _ = strip_span(text, stop + 1, end)
        if nxt >= end:
            return -1
        if text[nxt] == modal and _is_modal(text, nxt):
            return nxt
        clause_end = find_stop(text, nxt, end, "，,")
        at = text.find(modal, nxt, min(clause_end, nxt + _CLAUSE_SUBJECT + 1))
        if at > nxt and _is_modal(text, at) and all(_CJK.match(ch) for ch in text[nxt:at]):
            return at
        pos = nxt
    return -1


def _enough(group: list[tuple[int, str]]) -> bool:
    if len(group) >= 3:
        return True
    # Two items are a list only when a semicolon, not just a full stop, parts them.
    return len(group) == 2 and group[1][1] in "；;"


def _is_modal(text: str, p: int) -> bool:
    # 要求, 要点, 要素 are nouns, not the modal 要.
    return text[p] in _MODALS and text[p : p + 2] not in ("要求", "要点", "要素", "要害", "要件", "应当")


def modal_clauses(text: str, start: int, end: int) -> list[Item]:
    """'要A，…，要B，…，要C' — clauses opening with the same modal, three or more, else []."""
    if not _has_modals(text, start, end, 3):
        return []
    starts = _segment_starts(text, start, end, "，,；;" + SENTENCE_END)
    if len(starts) < 3:
        return []
    first = starts[0][0]
    if _is_modal(text, first):
        group = [(p, stop) for p, stop in starts if text[p] == text[first] and _is_modal(text, p)]
    else:
        group = [(p, stop) for p, stop in starts[1:] if _is_modal(text, p)]
        if len(group) < 2 or any(text[p] != text[group[0][0]] for p, _ in group):
            return []
        clause_end = find_stop(text, first, end)
        at = text.find(text[group[0][0]], first, min(clause_end, first + 20))
        if at < 0 or not _is_modal(text, at):
            return []
        group = [(at, ""), *group]
    if len(group) < 3:
        return []
    return _close(text, [(p, p, end) for p, _ in group[:MAX_ITEMS]], end)


def _has_modals(text: str, start: int, end: int, count: int) -> bool:
    """Whether the span holds at least `count` modal characters (a run of modal clauses needs one each)."""
    for found, _ in enumerate(_MODAL_CHAR.finditer(text, start, end), 1):
        if found >= count:
            return True
    return False


def short_heads(text: str, start: int, end: int, max_head: int = 12) -> list[Item]:
    """Sentences that all open with a short head and a comma (at least three), else []."""
    sents = sentences(text, start, end)
    if len(sents) < 3 or len(sents) > 400:
        return []
    for s, e in sents:
        comma = find_stop(text, s, e, "，,")
        head_len = comma - s
        if comma >= e - 1 or not 2 <= head_len <= max_head or _DIGIT.search(text, s, comma):
            return []
        if find_stop(text, s, comma, "；;：:") < comma:
            return []
    return [(s, s, e) for s, e in sents[:MAX_ITEMS]]


def _opens_alike(text: str, a: int, b: int) -> bool:
    """Whether two segments open with the same leader: the same two characters or the same modal."""
    lead = text[a : a + 2]
    if len(lead) == 2 and all(_CJK.match(ch) for ch in lead) and text.startswith(lead, b):
        return True
    return _is_modal(text, a) and _is_modal(text, b) and text[a] == text[b]


def _names_framework(text: str, start: int, end: int) -> bool:
    """Whether the sentence names a framework (深化“四项工程”): then it heads or announces a list of its
    own, and is no plain sibling of the sentences after it."""
    return bool(find_mentions(text, start, end))


_COLON_LIST = re.compile(r"(?:以下|如下|下列)[\u4e00-\u9fff]{0,8}[：:]")


def colon_list(text: str, start: int, end: int) -> tuple[Span, list[Item]] | None:
    """'要抓好以下几项工作：A，B，C。' — a colon after 以下/如下/下列 opens a list that runs to the end
    of its sentence; returns the clause before the colon (the list's head) and the items, else None."""
    sent_end = find_stop(text, start, end, SENTENCE_END)
    m = _COLON_LIST.search(text, start, sent_end)
    if not m:
        return None
    parts, pos = [], m.end()
    while pos < sent_end:
        stop = find_stop(text, pos, sent_end, "，,；;、")
        s, e = strip_span(text, pos, stop)
        if s < e:
            parts.append((s, s, e))
        pos = stop + 1
    if not 2 <= len(parts) <= MAX_ITEMS or any(not 2 <= e - s <= 30 for s, _, e in parts):
        return None
    head_start = m.start()
    while head_start > start and text[head_start - 1] not in "，,；;：:" + SENTENCE_END:
        head_start -= 1
    return (head_start, m.end() - 1), parts


# 主要包括五方面内容，分别为A、B、C、D和E: a count of parts, then exactly that many parts after 分别为.
_COUNTED_LEAD = re.compile(
    r"([一二两三四五六七八九十]{1,2}|[0-9]{1,2})个?(?:方面|项|条)(?:内容|工作|任务|措施)?[，,]?"
    r"[ \t\u3000]*(?:分别为|分别是|具体为|具体包括)[：:]?"
)
_LAST_JOIN = re.compile("以及|和|及|与")


def counted_list(text: str, start: int, end: int) -> list[Item]:
    """The parts a count announces and then lists after 分别为 in the same sentence, split at 、 and a
    joining 和 before the last; [] unless there are exactly as many as counted."""
    if text.find("分别", start, end) < 0 and text.find("具体", start, end) < 0:
        return []  # the lead word (分别为, 具体包括) is missing: answered without the pattern
    m = _COUNTED_LEAD.search(text, start, end)
    if not m:
        return []
    count = cn_to_int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
    stop = find_stop(text, m.end(), end, SENTENCE_END + "；;")
    parts = [strip_span(text, a, b) for a, b in _spans_between(text, m.end(), stop, "、")]
    if parts and len(parts) == (count or 0) - 1:
        ls, le = parts[-1]
        j = _LAST_JOIN.search(text, ls, le)
        if j and j.start() > ls:
            parts[-1:] = [strip_span(text, ls, j.start()), strip_span(text, j.end(), le)]
    if len(parts) != count or any(not 2 <= b - a <= 40 for a, b in parts):
        return []
    return [(a, a, b) for a, b in parts]


def _spans_between(text: str, start: int, end: int, sep: str) -> list[Span]:
    spans, pos = [], start
    while pos <= end:
        nxt = text.find(sep, pos, end)
        if nxt < 0:
            spans.append((pos, end))
            break
        spans.append((pos, nxt))
        pos = nxt + 1
    return spans


def inline_items(
    text: str, start: int, end: int, lead_in: bool = False, nested: bool = False, plain: bool = False
) -> tuple[int, list[Item]]:
    """Parallel items inside the span and where they begin (the text before is the head).

    When two shapes are present the one that starts first is the paragraph's own list; the other sits
    inside one of its items and is found when that item is read in turn. Inside an item of a list
    (`nested`) two more shapes count: a ；run after the item's head clause, and a 、 list closed by 等 —
    in a plan's own paragraphs these are descriptions, not parallel tasks.
    """
    enum = enumerated(text, start, end)
    head_end = find_stop(text, start, end, SENTENCE_END)
    body, _ = strip_span(text, min(head_end + 1, end), end)
    if body < end:
        # 他强调，要A；要B；要C: a reported-speech turn after the first sentence opens the list.
        body = skip_lead_in(text, body, end)
    leader = (same_leader(text, body, end) or short_heads(text, body, end)) if body < end else []
    if enum and (not leader or enum[0][0] <= leader[0][0]):
        return enum[0][0], enum
    if leader:
        whole = same_leader(text, start, end) if _opens_alike(text, start, leader[0][0]) else []
        sibling = len(whole) == len(leader) + 1 and whole[0][0] == start
        if sibling and not _names_framework(text, start, head_end):
            # 要A，…。要B，…。要C，… — the first sentence opens like the rest: it is their sibling,
            # not their head.
            return start, whole
        return leader[0][0], leader
    items = same_leader(text, start, end)
    # 他强调，要A；要B。: after a reported-speech lead-in, two ；-parted items are a list too.
    if items and (len(items) >= 3 or items[0][0] > start or lead_in):
        return items[0][0], items
    items = modal_clauses(text, start, end)
    if items:
        return items[0][0], items
    items = semicolon_run(text, start, end) if nested else []
    items = items or (colon_semicolons(text, start, end) if nested or plain else [])
    items = items or (alike_clauses(text, start, end) if nested or plain else [])
    items = items or (enumeration(text, start, end) if nested or plain else [])
    if items:
        return items[0][0], items
    return end, []


_TAIL_LIST_MIN, _TAIL_PART = 3, (2, 20)


def shared_tail_list(text: str, start: int, end: int) -> list[Item]:
    """'强化主题引领、文化引领、实践引领、服务引领' — the first clause in the span that is a 、-list of three
    or more short parts ending alike (the same last two characters): its parts."""
    for cs, ce in split_at(text, start, end, "，,；;：:" + SENTENCE_END):
        ce = _trim_stop(text, cs, ce)
        if "、" not in text[cs:ce]:
            continue
        parts = [strip_span(text, a, b) for a, b in _cut_at(text, cs, ce, "、")]
        if len(parts) < _TAIL_LIST_MIN or not all(_TAIL_PART[0] <= e - s <= _TAIL_PART[1] for s, e in parts):
            continue
        tail = text[parts[0][1] - 2 : parts[0][1]]
        if all(text[e - 2 : e] == tail for _, e in parts):
            return [(s, s, e) for s, e in parts[:MAX_ITEMS]]
    return []


_COLON_SEMI_MIN = 3
_COLON = re.compile("[：:]")
_SEMICOLON = re.compile("[；;]")


def colon_semicolons(text: str, start: int, end: int) -> list[Item]:
    """'主要预期目标为：A；B；C；D。' — a colon inside a sentence opening three or more ；-parted parts
    that run to the sentence's end: the parts are items."""
    if not (_COLON.search(text, start, end) and _SEMICOLON.search(text, start, end)):
        return []
    pos = start
    while pos < end:
        sent_end = find_stop(text, pos, end, SENTENCE_END)
        colon = find_stop(text, pos, sent_end, "：:")
        if colon < sent_end:
            parts = split_at(text, colon + 1, sent_end, "；;")
            if len(parts) >= _COLON_SEMI_MIN:
                return [(s, s, _trim_stop(text, s, e)) for s, e in parts[:MAX_ITEMS]]
        pos = sent_end + 1
    return []


_ALIKE_MIN = 3
_MODAL_CHAR = re.compile("[" + "".join(sorted(_MODALS)) + "]")
_ALIKE_CLAUSE_MAX = 40


def alike_clauses(text: str, start: int, end: int) -> list[Item]:
    """'…，着力A，着力B，着力C，…' — three or more clauses in a row opening with the same two characters
    (not a modal: modal_clauses reads those); the clause before the run joins it when the same two
    characters open its last part (一定要注重A，注重B，注重C)."""
    if not _MODAL_CHAR.search(text, start, end):
        return []  # the run must follow a modal (see _demanded): no modal, no run to look for
    clauses = split_at(text, start, end, "，,；;" + SENTENCE_END)
    i = 0
    while i < len(clauses):
        lead = text[clauses[i][0] : clauses[i][0] + 2]
        j = i + 1
        if len(lead) == 2 and all(_CJK.match(ch) for ch in lead) and not _is_modal(text, clauses[i][0]):
            while j < len(clauses) and text.startswith(lead, clauses[j][0]):
                j += 1
        run = [(s, _trim_stop(text, s, e)) for s, e in clauses[i:j]]
        if i > 0 and j - i >= 2:
            ps, pe = clauses[i - 1]
            at = text.find(lead, ps + 1, pe)
            if at > 0 and text[pe - 1] in "，,":
                run.insert(0, (at, _trim_stop(text, at, pe)))
        if (
            len(run) >= _ALIKE_MIN
            and all(e - s <= _ALIKE_CLAUSE_MAX for s, e in run)
            and _demanded(text, start, run, i, clauses)
        ):
            return [(s, s, e) for s, e in run[:MAX_ITEMS]]
        i = max(j, i + 1)
    return []


def _demanded(text: str, start: int, run: list[Span], i: int, clauses: list[Span]) -> bool:
    """A run of clauses is a list of demands when its sentence puts a modal (要, 应…) before it, and no
    framework name just before it claims the clauses as its own items (坚持“四个坚持”，坚持A，坚持B…)."""
    sentence = max(start, text.rfind("。", start, run[0][0]) + 1)
    before = text[sentence : run[0][0] + 1]
    if not any(_is_modal(text, sentence + k) for k, ch in enumerate(before) if ch in _MODALS):
        return False
    return i == 0 or not _names_framework(text, clauses[i - 1][0], clauses[i - 1][1])


def _trim_stop(text: str, s: int, e: int) -> int:
    return e - 1 if e > s and text[e - 1] in "，,；;。！？!?" else e


_SEMI_RUN_MIN = 3


def semicolon_run(text: str, start: int, end: int) -> list[Item]:
    """'要敢于担当，深入推进A，…；持续开展B，…；不断提升C，…。' — a first sentence of three or more ；-parted
    segments whose first opens with a head clause of its own: the head is the item, the segments (the
    first without its head) are its items."""
    sent_end = find_stop(text, start, end, SENTENCE_END)
    starts = _segment_starts(text, start, sent_end, "；;")
    if len(starts) < _SEMI_RUN_MIN:
        return []
    head_stop = find_stop(text, start, starts[1][0], "，,：:")
    first, _ = strip_span(text, head_stop + 1, starts[1][0])
    if head_stop >= starts[1][0] or first >= starts[1][0] - 2:
        return []
    points = [first] + [p for p, _ in starts[1:]]
    return _close(text, [(p, p, sent_end) for p in points[:MAX_ITEMS]], min(sent_end + 1, end))


# 做好A、B、C等重点工作: a 、 list closed by 等 and a noun (or 为, 方面).
_ETC = re.compile(r"等(?=[\u4e00-\u9fff]{0,6}[，,。；;：:]|为|方面)")
_ENUM_MIN, _ENUM_PART = 3, (3, 30)
# The verb or preposition the first part carries for the whole list: 抓好|A、B, 以|A、B…等为重点.
_CARRIER = re.compile(r"[^、，,。；;]{0,8}?(?:好|以|把)")


def enumeration(text: str, start: int, end: int) -> list[Item]:
    """The first 、 list of three or more parts closed by 等 in the span: its parts, without the verb
    the first part carries for all of them."""
    for m in _ETC.finditer(text, start, end):
        clause = m.start()
        while clause > start and text[clause - 1] not in "，,。；;：:！？!?":
            clause -= 1
        if find_mentions(text, m.end(), min(end, m.end() + 8)):
            continue  # A、B、C等四支队伍: the items of a counted name, which the framework takes
        parts = [strip_span(text, a, b) for a, b in _cut_at(text, clause, m.start(), "、")]
        if len(parts) < _ENUM_MIN or not all(_ENUM_PART[0] <= e - s <= _ENUM_PART[1] for s, e in parts):
            continue
        fs, fe = parts[0]
        if _is_modal(text, fs):
            fs += 1
        carrier = _CARRIER.match(text, fs, fe)
        if carrier and fe - carrier.end() >= _ENUM_PART[0]:
            fs = carrier.end()
        parts[0] = (fs, fe)
        return [(s, s, e) for s, e in parts[:MAX_ITEMS]]
    return []


def _cut_at(text: str, start: int, end: int, sep: str) -> list[Span]:
    spans, pos = [], start
    while True:
        at = text.find(sep, pos, end)
        if at < 0:
            spans.append((pos, end))
            return spans
        spans.append((pos, at))
        pos = at + 1
