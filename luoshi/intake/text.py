"""Parse decoded text into a task tree: segment, recognise, assemble.

Paragraphs are the unit of the outline: a numbered paragraph (一、 （一） 1. …) opens a heading at its
level and later paragraphs nest under the deepest open heading. Inside a paragraph, parallel items
(一是…, 深化…；深化…, short verb-object heads) become children. Framework names then claim their items,
and each node reads its own text for responsibility notes, a deadline and quantified targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import find_deadline_in, is_deadline_line
from .frameworks import Mention, find_mentions, local_items
from .meeting import NEWS_PREFIX, find_meeting
from .model import Framework, Node, ParseResult
from .options import ParseOptions
from .outline import outline_marker, split_numbered
from .parallel import colon_list, counted_list, enumerated, inline_items, shared_tail_list
from .segment import (
    CLAUSE_END,
    CLOSERS,
    LEAD_IN,
    OPENERS,
    SENTENCE_END,
    Span,
    clause_around,
    find_stop,
    has_sentence_punct,
    head_span,
    head_title,
    paragraphs,
    skip_lead_in,
    strip_span,
)
from .targets import find_targets
from .units import find_notes, first_listed_leads, is_note_paragraph

_MAX_INLINE_DEPTH = 3
_ITEM_HEAD_MAX = 18
_SHORT_HEAD = 16
_SOFT = re.compile(
    r"([一二三四五六七八九十]{1,3}(?:是|要|则))|(第[一二三四五六七八九十]{1,3}(?:部分)?)[，,、：:]|(首先|其次|再次|最后)[，,：:]"
)
_MODALS = set("要应须需必")
# A paragraph opening with its date ("3月8日下午，") is titled by what follows the date.
_TIME_CLAUSE = re.compile(
    r"(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:上午|下午|晚上|晚间|晚)?[，,]\s{0,2}"
    r"|(?:近日|日前|近期|昨天|今天|过去(?:的)?一年|一年来|今年以来|近年来|[0-9]{4}年以来)[，,]\s{0,2}"
)
# An addressee line ("各镇政府，各街道办事处：") names recipients, not work.
_ADDRESSEE = re.compile(r"各[^。]{0,78}[：:]|同志们[：:，,！!]?|各位[^，。]{0,10}[：:，,]")
# The sign-off lines that close a 纪要 or a notice: who attended, who took the minutes, who gets copies.
_SIGN_OFF = re.compile(
    r"(?:出席|列席|缺席|请假|记录|抄送|抄报|分送|发送|印发|参加|出席人员|列席人员|参会人员|参加人员|记录人"
    # and the caption fields a web portal sets around a pasted news page
    r"|来源|信息来源|发布时间|发布日期|责任编辑|编辑|字号|浏览次数|点击数)"
    r"[ \t\u3000]*[:：]"
)
_TURN = re.compile(r"[。；;](?:[^，。；,;]{0,10}?)(?:强调|要求)[，,：:]")
_REVIEW = re.compile(r"过去(?:的)?一年|去年|一年来|过去[0-9一二三四五]年|回顾|上年度|[0-9]{4}年以来")
_DEPLOY = re.compile(r"今年|本年度|新的一年|下一步|明年|部署|安排|打算|强调|要求|任务|要点|目标")
_REVIEW_HEAD = re.compile(r"完成情况|进展情况|主要成效|取得成效|工作成效|工作总结|主要成绩")
# A numbered heading that opens the plan part of a document: 二、2026年工作思路, 三、主要举措.
_DEPLOY_HEAD = re.compile(r"思路|重点|举措|措施|计划|工作设想")
# "附件：1.…" lists the documents attached; its numbered lines are titles, not headings.
_ATTACHMENTS = re.compile(r"附\s{0,2}件[ \t\u3000]{0,2}[0-9０-９]{0,2}[ \t\u3000]{0,2}[：:]")
_ATTACHMENT_MAX = 60
# Closing words addressed to the audience (同志们，…) end the outline: they are no task of its last heading.
_CLOSING = re.compile(r"同志们[，,！!]")
_CLOSING_PARAS = 3  # closing words sit among the last paragraphs (before a signature or date)
# The last sentence of a lead-in paragraph: 我讲几点意见。 讲三个方面的意见 以下几点： …如下：
_ANNOUNCES = re.compile(
    r"(?:(?:讲|谈|提|强调)(?:[几两三四五六七八九十]|一下)?(?:点|个方面的?|方面的?)(?:意见|想法|看法|要求|体会)"
    r"|以下[几两三四五六七八九十]?(?:点|个方面)|如下)[。：:！!]?[ \t\u3000]*$"
)


@dataclass
class _Item:
    """A node under construction: spans into the source instead of copied strings."""

    start: int
    end: int
    content: int  # where the head begins, after the marker and any lead-in
    kind: str = "para"  # heading | para | inline | framework | member | mirror
    marker: str | None = None
    level: int | None = None
    children: list[_Item] = field(default_factory=list)
    framework: Framework | None = None
    title: str | None = None
    extra: list[Span] = field(default_factory=list)  # note paragraphs that belong to this item
    mentions: list[Span] = field(default_factory=list)


_DEFAULT_OPTIONS = ParseOptions()


def parse_text(text: str, options: ParseOptions = _DEFAULT_OPTIONS) -> ParseResult:
    """Parse decoded text into a ParseResult whose offsets point into `text`."""
    paras = paragraphs(text)
    meeting = find_meeting(text, paras)
    roots = _outline(text, paras)
    for item in _walk(roots):
        if item.kind == "heading":
            _split_remainder(text, item)
            _fold_body(text, item)
    roots = _group_paragraphs(text, roots)
    for item in _walk(roots):
        if item.kind == "heading" and item.children:
            # 二、… / 今年要在以下几个方面下功夫。/ 一要… 二要…: the lead-in heads the run, as at the top.
            item.children = _group_paragraphs(text, item.children)
    for item in list(_walk(roots)):
        if item.kind in ("heading", "para"):
            _inline(text, item, 0)
    for item in roots:
        _frameworks(text, item)
    for item in list(_walk(roots)):
        if item.kind in ("member", "inline") and not item.children:
            # 深化“凝心”工程，强化主题引领、文化引领…: a framework item's own parallel parts are its
            # sub-items, for a supervisor to keep or merge.
            parts = shared_tail_list(text, item.content, item.end)
            item.children = [_Item(s, e, s, "inline") for s, _, e in parts]
    roots = _part_framework_heads(text, roots)
    _heading_frameworks(text, roots)
    first_leads = first_listed_leads(text)
    nodes = []
    section = None
    for item in roots:
        section = _section(text, item, section)
        nodes.append(_to_node(text, item, section, first_leads))
    _mark_opening(nodes)
    return ParseResult(meeting=meeting, items=nodes, source=text)


# A paragraph telling that the meeting is held: 召开 and a meeting word in one clause.
_CONVENES = re.compile(
    r"召开[^，。；,;]{0,40}?会议?|会议?[^，。；,;]{0,6}召开|(?:这次|本次|今天的?)会议的?主要任务"
)


def _mark_opening(nodes: list[Node]) -> None:
    """The top-level paragraphs before the first item with a marker, a list or a framework that say the
    meeting is held (and what it is for) are the document's opening, not tasks."""
    for node in nodes:
        if node.marker or node.children or node.framework or node.lead_units:
            return
        if _CONVENES.search(node.text):
            node.opening = True


def _walk(items: list[_Item]):
    for item in items:
        yield item
        yield from _walk(item.children)


# --- outline ---------------------------------------------------------------------------------------


def _is_boilerplate(text: str, s: int, e: int) -> bool:
    """Captions, signatures, dates, document numbers, addressee lines: not tasks."""
    if e - s <= 40 and not has_sentence_punct(text, s, e):
        return not _SOFT.match(text, s, e)
    if e - s <= 120 and _SIGN_OFF.match(text, s, e):
        return True
    return e - s <= 80 and _ADDRESSEE.fullmatch(text, s, e) is not None


def _outline(text: str, paras: list[Span]) -> list[_Item]:
    roots: list[_Item] = []
    stack: list[_Item] = []
    last: _Item | None = None
    intro: _Item | None = None
    attachments = False
    prev_end = 0
    for ps, pe in paras:
        adjacent, prev_end = text.count("\n", prev_end, ps) <= 1, pe
        label = _ATTACHMENTS.match(text, ps, pe)
        if label:
            attachments = _is_title_line(text, label.end(), pe)
            if attachments:
                continue
        elif attachments and adjacent and _is_attachment_item(text, ps, pe):
            continue
        attachments = False
        if last is not None and (is_note_paragraph(text, ps, pe) or is_deadline_line(text, ps, pe)):
            last.extra.append((ps, pe))
            continue
        pieces = [
            piece for s, e in split_numbered(text, ps, pe) for piece in _split_at_announcement(text, s, e)
        ]
        for s, e in pieces:
            marker = outline_marker(text, s, e)
            if marker is None and _is_boilerplate(text, s, e):
                if intro is not None and not has_sentence_punct(text, s, e):
                    # Short lines after "…如下：" are the items it announces, not captions.
                    intro.children.append(_Item(s, e, s, "para"))
                continue
            intro = None
            if marker:
                item = _Item(s, e, marker.content_start, "heading", marker.text.strip(), marker.level)
                while stack and (stack[-1].level or 0) >= marker.level:
                    stack.pop()
                (stack[-1].children if stack else roots).append(item)
                stack.append(item)
            else:
                item = _paragraph(text, s, e)
                if _CLOSING.match(text, s, e) and (ps, pe) in paras[-_CLOSING_PARAS:]:
                    # "同志们，让我们…" at the end: a speech's closing words, no task.
                    stack.clear()
                    intro = None
                    last = None
                    continue
                (stack[-1].children if stack else roots).append(item)
                intro = item if text[e - 1] in "：:" else None
            last = item
        if len(pieces) > 1 and last is not None and last.kind == "heading" and len(stack) >= 2:
            # Notes under a line of numbered sub-items (（1）…；（2）…) concern the item above them.
            parent = stack[-2]
            if all(parent.start <= s for s, _ in pieces):
                last = parent
    return roots


# "…讲几点意见：第一，…" inside one line: the points start after the colon.
_ANNOUNCE_COLON = re.compile(
    r"(?:讲|谈|提)(?:[几两三四五六七八九十]|一下)?(?:点|个方面的?|方面的?)(?:意见|想法|看法|要求|体会)[：:][ \t\u3000]*"
)


def _announces_points(text: str, item: _Item) -> bool:
    m = _ANNOUNCE_COLON.search(text, max(item.start, item.end - 20), item.end)
    return m is not None and m.end() == item.end


def _split_at_announcement(text: str, s: int, e: int) -> list[Span]:
    """A paragraph that announces its points and goes straight on with the first (第一，/一是/一、) is the
    lead-in and the points: cut it after the colon."""
    if outline_marker(text, s, e):
        return [(s, e)]
    m = _ANNOUNCE_COLON.search(text, s, e)
    if not m or m.end() >= e or not (_SOFT.match(text, m.end(), e) or outline_marker(text, m.end(), e)):
        return [(s, e)]
    return [(s, m.end()), (m.end(), e)]


def _is_title_line(text: str, s: int, e: int) -> bool:
    """A short line with no sentence punctuation: the title of an attached document."""
    return e - s <= _ATTACHMENT_MAX and find_stop(text, s, e, SENTENCE_END + "；;") >= e


def _is_attachment_item(text: str, s: int, e: int) -> bool:
    """'2.某某清单' right under '附件：1.…': the next attachment's title, numbered 1. or （1）."""
    marker = outline_marker(text, s, e)
    return marker is not None and marker.level in (3, 4) and _is_title_line(text, s, e)


def _paragraph(text: str, s: int, e: int) -> _Item:
    content = skip_lead_in(text, s, e)
    prefix = NEWS_PREFIX.match(text, content, e).end()
    date = _TIME_CLAUSE.match(text, prefix, e)
    if date and date.end() < e:
        content = date.end()
    m = _SOFT.match(text, content, e)
    # A paragraph opening with 一是 is one item of a list that runs over paragraphs, unless the
    # paragraph holds the whole chain itself.
    chain = enumerated(text, content, e) if m else []
    if m and not (chain and chain[0][0] == content):
        marker = next(g for g in m.groups() if g)
        body, _ = strip_span(text, m.end(), e)
        if body < e:
            return _Item(s, e, body, "para", marker)
    return _Item(s, e, content, "para")


def _item_like(text: str, s: int, e: int) -> bool:
    """A short head followed by more text: how a list item opens."""
    stop = find_stop(text, s, e, CLAUSE_END)
    return 2 <= stop - s <= _ITEM_HEAD_MAX and stop < e - 1


def _split_remainder(text: str, heading: _Item) -> None:
    # "（一）Heading。First item，…" followed by unnumbered item paragraphs: the text after the heading
    # sentence is the list's first item, not the heading's body.
    kids = heading.children
    run = 0
    while run < len(kids) and kids[run].kind == "para" and not kids[run].marker:
        if not _item_like(text, kids[run].content, kids[run].end):
            break
        run += 1
    # One trailing paragraph is more often the document's closing words than a list.
    if run < 2:
        return
    head_end = find_stop(text, heading.content, heading.end, SENTENCE_END)
    rem, _ = strip_span(text, head_end + 1, heading.end)
    if rem >= heading.end or not _item_like(text, rem, heading.end):
        return
    kids.insert(0, _Item(rem, heading.end, rem, "para"))
    heading.end = head_end + 1


def _fold_body(text: str, heading: _Item) -> None:
    """A numbered heading followed by one plain body paragraph: the paragraph is the heading's own text.

    "（一）推进某事。" then "完成某某。（责任单位：…）" is one task, so its notes, deadline and targets
    belong to the numbered heading, not to an unmarked child holding the body.
    """
    if len(heading.children) != 1:
        return
    (body,) = heading.children
    if body.kind != "para" or body.marker or body.children:
        return
    heading.title = head_title(text, heading.content, heading.end)
    heading.end = body.end
    heading.extra.extend(body.extra)
    heading.children = []


def _leader(text: str, item: _Item) -> str | None:
    if item.kind != "para" or not _item_like(text, item.content, item.end):
        return None
    if item.marker:  # 一是/二是 chain with 一是, 第一 with 第二, 首先 with 其次
        kind = item.marker[-1] if item.marker[-1] in "是要则" else item.marker[0]
        return "enum:" + ("序" if kind in "首其再最" else kind)
    stop = find_stop(text, item.content, item.end, CLAUSE_END)
    if text[stop] in SENTENCE_END and stop - item.content <= _SHORT_HEAD:
        return "head"  # "强化政治引领。…": a one-clause head sentence, then its body
    ch = text[item.content]
    return "modal:" + ch if ch in _MODALS else "lead:" + text[item.content : item.content + 2]


def _group_paragraphs(text: str, items: list[_Item]) -> list[_Item]:
    """Runs of parallel paragraphs at the top level become children of the paragraph before them."""
    items = _fold_enumerated_bodies(text, items)
    out: list[_Item] = []
    i = 0
    while i < len(items):
        key = _leader(text, items[i])
        j = i + 1
        while key and j < len(items) and _leader(text, items[j]) == key:
            j += 1
        run = items[i:j]
        # "…讲几点意见：" then 第一，…: one announced point is its item even when the text breaks off there.
        announced = (
            bool(out)
            and run[0].kind == "para"
            and run[0].marker is not None
            and _announces_points(text, out[-1])
        )
        if (len(run) >= 2 or announced) and out and out[-1].kind == "para" and not out[-1].children:
            out[-1].children.extend(run)
        else:
            out.extend(run)
        i = j
    return out


def _fold_enumerated_bodies(text: str, items: list[_Item]) -> list[_Item]:
    """第一部分：A。 / its body paragraph / 第二部分：B。 / its body…: enumerated paragraphs that each stand
    over plain body paragraphs are items whose text runs on to the next one, so they form one run."""
    marked = [k for k, item in enumerate(items) if item.kind == "para" and item.marker and not item.children]
    if len(marked) < 2 or all(b - a == 1 for a, b in zip(marked, marked[1:], strict=False)):
        return items
    keys = {_leader(text, items[k]) for k in marked}
    if len(keys) != 1 or None in keys:
        return items
    bodies = [items[a + 1 : b] for a, b in zip(marked, marked[1:], strict=False)]
    if any(b.kind != "para" or b.marker or b.children for body in bodies for b in body):
        return items
    # The last item has as many body paragraphs as every other had, when they all had the same.
    sizes = {len(body) for body in bodies}
    tail = items[marked[-1] + 1 : marked[-1] + 1 + sizes.pop()] if len(sizes) == 1 else []
    if any(b.kind != "para" or b.marker or b.children for b in tail):
        tail = []
    out = items[: marked[0]]
    for k, body in zip(marked, [*bodies, tail], strict=True):
        item = items[k]
        if body:
            item.end = body[-1].end
            item.extra.extend(x for b in body for x in b.extra)
        out.append(item)
    return out + items[marked[-1] + 1 + len(tail) :]


# --- inside a paragraph ----------------------------------------------------------------------------


def _body_end(text: str, s: int, e: int) -> int:
    """End of the span without a trailing responsibility note (the note belongs to the whole item)."""
    for note in find_notes(text, s, e):
        # A note that closes its line closes the paragraph it was written for: what follows (a folded
        # body paragraph) is no part of the paragraph's last item.
        after = strip_span(text, note.end, e)[0]
        if note.end >= e - 1 or after >= e or text.rfind("\n", note.end, after) >= 0:
            return strip_span(text, s, note.start)[1]
    return e


def _inline(text: str, item: _Item, depth: int) -> None:
    end = _body_end(text, item.content, item.end)
    para_kids = [c for c in item.children if c.start >= end]
    limit = para_kids[0].start if para_kids else end
    if para_kids and _ANNOUNCES.search(text, item.content, limit):
        # "…我讲几点意见。" over 第一/第二 paragraphs: the paragraph only leads in to its list, so
        # its own sentences are not items beside the list's.
        return
    lead = LEAD_IN.match(text, item.start, item.content) if item.kind == "para" else None
    lead_in = bool(lead and lead.end() == item.content)
    _, found = inline_items(
        text, item.content, min(end, limit), lead_in, nested=item.kind == "inline", plain=item.kind == "para"
    )
    if not found and item.kind == "para":
        found = counted_list(text, item.content, min(end, limit))
    listed = colon_list(text, item.content, min(end, limit)) if item.kind == "para" else None
    if listed and not enumerated(text, item.content, min(end, limit)):
        (hs, he), found = listed
        item.title = text[hs:he].strip()
    kids = []
    for ms, cs, ie in found:
        marker = text[ms:cs].rstrip("，,、：: ") or None
        child = _Item(ms, ie, cs, "inline", marker)
        if depth + 1 < _MAX_INLINE_DEPTH:
            _inline(text, child, depth + 1)
        kids.append(child)
    if kids:
        item.children = kids + [c for c in item.children if c.start >= kids[-1].end]
        if kids[0].start == item.content and item.title is None and lead_in and lead:
            # 会议要求，要A…。要B…。要C…: the paragraph's first sentence is an item like the others, so
            # the paragraph goes by its lead-in rather than by a copy of its first item.
            item.title = text[lead.start() : lead.end()].rstrip("，,：: \t\u3000")


# --- frameworks ------------------------------------------------------------------------------------


def _gaps(item: _Item) -> list[Span]:
    """The parts of an item's span not covered by its children."""
    gaps, pos = [], item.content
    for child in item.children:
        if child.start > pos:
            gaps.append((pos, min(child.start, item.end)))
        pos = max(pos, child.end)
    if pos < item.end:
        gaps.append((pos, item.end))
    return [(s, e) for s, e in gaps if s < e]


def _frameworks(text: str, item: _Item) -> None:
    if item.kind in ("framework", "member", "mirror"):
        return
    added: list[_Item] = []
    for s, e in _gaps(item):
        for mention in find_mentions(text, s, e):
            item.mentions.append((mention.start, mention.end))
            node = _claim(text, item, mention)
            if node:
                added.append(node)
    if added:
        item.children = sorted([*item.children, *added], key=lambda c: c.start)
    _collapse(text, item)
    for child in list(item.children):
        _frameworks(text, child)


def _claim(text: str, item: _Item, mention: Mention) -> _Item | None:
    """Give the item the framework, or return a framework node built from items near the mention."""
    kids = [c for c in item.children if c.kind != "framework"]
    numbered = [c for c in kids if c.marker]
    lo, hi = item.content, item.end
    for child in item.children:  # items must come from this item's own text, not a child's
        if child.end <= mention.start:
            lo = max(lo, child.end)
        elif child.start >= mention.end:
            hi = min(hi, child.start)
            break
    spans = [] if mention.announce_only else local_items(text, lo, hi, mention)
    heads_children = (
        item.framework is None
        and kids
        and mention.end <= kids[0].start
        and _announces(text, mention, kids[0])
    )
    # Items spelled out in the mention's own sentence (“三个X”，即A、B、C。) are its items, even when
    # the list after that sentence happens to have as many entries.
    own = spans and spans[-1][1] <= find_stop(text, mention.end, item.end, SENTENCE_END)
    if own and len(numbered) == len(spans) == mention.count and _named_by(text, spans, numbered):
        own = False  # “甲”“乙”“丙”三件事。一要在“甲”上…: the quoted names title the numbered items
    if heads_children and mention.count in (len(kids), len(numbered)) and not own:
        item.framework = Framework(mention.name, mention.count)
        if mention.count == len(numbered) != len(kids):
            # 二、实施“四大工程” / 围绕…，重点实施A、B、C和D。/ （一）A… — the unnumbered paragraph
            # before the N numbered items leads in to them; it stays the heading's text.
            first = numbered[0].start
            item.children = [
                c for c in item.children if c.start >= first or c.marker or c.children or c.kind != "para"
            ]
        return None
    if not spans:
        return None
    cs, ce = clause_around(
        text, max(lo, mention.start - 200), min(hi, mention.end + 200), mention.start, mention.end
    )
    start, end = min(cs, spans[0][0]), max(ce, spans[-1][1])
    node = _Item(start, end, skip_lead_in(text, cs, ce), "framework")
    node.title = head_title(text, node.content, ce)
    node.framework = Framework(mention.name, mention.count)
    node.children = [
        _Item(*_with_quotes(text, s, e), s, "member", title=head_title(text, s, e)) for s, e in spans
    ]
    return node


def _with_quotes(text: str, s: int, e: int) -> Span:
    """A quoted item's span with its quotes (“凝心”), so the text before it never ends inside a quote."""
    if 0 < s and e < len(text) and text[s - 1] in OPENERS and text[e] in CLOSERS:
        return s - 1, e + 1
    return s, e


def _announces(text: str, mention: Mention, first: _Item) -> bool:
    """A name announces the children that follow only from the last sentence before them: when a
    further sentence stands between (三个单位作了发言。我讲三点意见。第一…), the items belong to it."""
    stop = find_stop(text, mention.end, first.start, SENTENCE_END)
    return stop >= first.start or not text[stop + 1 : first.start].strip()


def _named_by(text: str, spans: list[Span], kids: list[_Item]) -> bool:
    """Whether each numbered child's head holds the matching name of the list (“甲”…一要在“甲”上…)."""
    return all(text[s:e] in text[k.content : k.content + 20] for (s, e), k in zip(spans, kids, strict=True))


def _part_framework_heads(text: str, items: list[_Item]) -> list[_Item]:
    """A paragraph whose head sentence announces a framework with its own items, then goes on with a
    separate list (要聚焦“N个X”，即A、B…。要甲…；要乙…；要丙…), is two groups: the framework, and the
    list after it. Left as one node, the framework would count as one more item of that list."""
    out: list[_Item] = []
    for item in items:
        item.children = _part_framework_heads(text, item.children)
        out.append(item)
        if item.kind != "para" or item.framework is not None or len(item.children) < 3:
            continue
        fw, *rest = item.children
        head_end = find_stop(text, item.content, item.end, SENTENCE_END)
        # the list after it: inline items, or enumerated paragraphs (第一，…/第二，…) grouped under it
        kinds = {"inline"} if any(c.kind == "inline" for c in rest) else {"para"}
        if fw.kind != "framework" or any(c.kind not in kinds for c in rest):
            continue
        if kinds == {"para"} and rest[0].start >= fw.end:
            # The paragraphs grouped under it are its list; the framework, complete with its own items,
            # stands beside that list as a node of its own rather than as one more of its items.
            item.children = rest
            out.insert(len(out) - 1, fw)
            continue
        if fw.end > head_end + 1 or rest[0].start <= head_end:
            continue
        tail = _Item(rest[0].start, item.end, rest[0].start, "para", children=rest, extra=item.extra)
        item.end, item.children, item.extra = head_end + 1, [fw], []
        _collapse(text, item)
        out.append(tail)
    return out


_NAME_NOUN = re.compile(
    r"^(?:[一二两三四五六七八九十]+|[0-9０-９]+)(?:个|项|支|大|条|种|类|件|张|位|批|重|场|道)?(.+)$"
)


def _heading_frameworks(text: str, items: list[_Item]) -> None:
    """A paragraph that declares N+noun (今年重点实施N大行动) with no items of its own, followed by
    N sibling headings of one level that all name that noun: the headings are its items. The headings
    keep their place in the outline; the paragraph becomes the framework node, its children the items."""
    for i, item in enumerate(items):
        _heading_frameworks(text, item.children)
        if item.kind != "para" or item.framework is not None or item.children:
            continue
        run = [c for c in items[i + 1 :]]
        if not run or run[0].kind != "heading":
            continue
        level = run[0].level
        heads: list[_Item] = []
        for sib in run:
            if sib.kind != "heading" or sib.level != level:
                break
            heads.append(sib)
        for mention in find_mentions(text, item.content, item.end):
            m = _NAME_NOUN.match(mention.name)
            noun = m.group(1)[-2:] if m else ""
            if len(noun) < 2 or len(heads) < mention.count:
                continue
            titles = [h.title if h.title is not None else head_title(text, h.content, h.end) for h in heads]
            named = [h for h, t in zip(heads, titles, strict=True) if noun in t]
            if heads[: mention.count] != named[: mention.count] or len(named) != mention.count:
                continue
            item.framework = Framework(mention.name, mention.count)
            item.children = [
                _Item(h.content, h.content + len(t), h.content, "mirror", title=t)
                for h, t in zip(heads[: mention.count], titles, strict=False)
            ]
            break


def _collapse(text: str, item: _Item) -> None:
    # An item whose head names the framework it lists is the framework node itself, not its parent.
    if len(item.children) != 1 or item.framework is not None:
        return
    (only,) = item.children
    head_end = head_span(text, item.content, item.end)[1]
    if only.kind == "framework" and only.start <= head_end and only.content < head_end:
        item.framework, item.children = only.framework, only.children


# --- output ----------------------------------------------------------------------------------------


def _section(text: str, item: _Item, current: str | None) -> str | None:
    window = text[item.start : min(item.end, item.content + 40)]
    if _REVIEW.search(window) or (item.kind == "heading" and _REVIEW_HEAD.search(window)):
        return "review"
    if _DEPLOY.search(window) or (item.kind == "heading" and _DEPLOY_HEAD.search(window)):
        return "deploy"
    return current


def _to_node(text: str, item: _Item, section: str | None, first_leads: bool) -> Node:
    if item.title is not None:
        title = item.title
    else:
        title = head_title(text, item.content, item.end)
        if not title:
            hs, he = head_span(text, item.start, item.end)
            title = text[hs:he]
    node = Node(
        title=title,
        text=text[item.start : item.end],
        section=section,
        framework=item.framework,
        marker=item.marker,
        start=item.start,
        end=item.end,
        level=item.level,
        mirror=item.kind == "mirror",
    )
    if item.kind not in ("member", "mirror"):
        gaps = _gaps(item)
        own = gaps + item.extra
        notes = [note for s, e in own for note in find_notes(text, s, e, first_leads)]
        led = any(note.lead and not note.resp_only for note in notes)
        for note in notes:
            lead, co = note.lead, note.co
            if led and note.resp_only:
                lead, co = [], [*lead, *co]  # 牵头单位 on one line, 责任单位 on the next: co-units
            node.lead_units += [u for u in lead if u not in node.lead_units]
            node.co_units += [u for u in co if u not in node.co_units and u not in node.lead_units]
        node.co_units = [u for u in node.co_units if u not in node.lead_units]
        node.deadline = find_deadline_in(text, own)
        if item.kind != "framework":
            for s, e in gaps:
                node.targets += find_targets(text, s, e, item.mentions)
    kid_section = section
    if section == "review" and item.kind == "para" and item.children:
        # 某某肯定了过去一年的成绩。他强调，要A；要B: what follows the turn is this year's work.
        if _TURN.search(text, item.content, item.children[0].start):
            kid_section = "deploy"
    node.children = [_to_node(text, c, kid_section, first_leads) for c in item.children]
    return node
