"""Responsibility notes: who leads and who cooperates on an item.

Two written forms are recognised:
  labelled   牵头单位：A；配合单位：B、C   责任单位：D   (also 部门/科室/处室)
  bracketed  （A牵头，B、C配合）  （A、B负责）  （A指导）  — a parenthesis whose clauses end in a role verb
A bare 责任单位 is the lead, unless the same note also names a 牵头单位 (then it lists co-units). A
bracketed note listing units that are all "responsible" makes each a lead, unless the document declares
the convention that the unit listed first leads (排在第一位的为牵头单位).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import is_deadline_value

_LABEL = re.compile(
    r"(牵头|主责|责任|主办|配合|协办|协同|协助|参与|参加)(?:单位|部门|科室|处室)[ \t]{0,2}[:：]"
)
_LABEL_ROLE = {"牵头": "lead", "主责": "lead", "主办": "lead", "责任": "resp"}
_LEAD_MARK = re.compile(r"[（(](?:牵头|主责|牵头单位)[)）]")
_TIME_CLAUSE = re.compile(r"[0-9０-９]|年|月底|月前|季度|长期|持续|前完成|底前")
# One level of brackets may nest inside a note: （各县（市、区）配合）.
_PAREN = re.compile(r"[（(]([^（()）\n]{0,300}(?:[（(][^（()）\n]{1,20}[)）][^（()）\n]{0,300}){0,4})[)）]")
_PAREN_BODY = range(2, 301)
_ROLE_VERB = re.compile(
    r"^(?:由)?(.{0,200}?)(?:按职责分工|按照职责分工|分别|共同|具体)?"
    r"(牵头负责|牵头|负责落实|负责|指导|配合|参与|协助|协同|协办)$"
)
_ROLE_VERB_WORD = re.compile("牵头|负责|指导|配合|参与|协助|协同|协办")
_VERB_ROLE = {"牵头负责": "lead", "牵头": "lead", "负责落实": "resp", "负责": "resp", "指导": "resp"}
_GENERIC_TAIL = re.compile(r"等(?:有关|相关|其他)?(?:[^、，,]{0,6}?(?:部门|单位|机构))?$")
_FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?第一位的?(?:者|单位|部门)?(?:为|是)牵头")
_OPEN, _CLOSE = "（(〔【[", "）)〕】]"
_BRACKET = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")
_SPLITTERS: dict[str, re.Pattern] = {}


def split_top(value: str, seps: str = "、，,/") -> list[str]:
    """Cut a list at separators outside brackets: 各县（市、区）妇联 stays one unit."""
    if not _BRACKET.search(value):
        splitter = _SPLITTERS.get(seps)
        if splitter is None:
            splitter = _SPLITTERS[seps] = re.compile("[" + re.escape(seps) + "]")
        return splitter.split(value)
    parts, depth, pos = [], 0, 0
    for i, ch in enumerate(value):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            parts.append(value[pos:i])
            pos = i + 1
    parts.append(value[pos:])
    return parts


@dataclass
class Note:
    """One responsibility note found in the text: its span and the units it names."""

    start: int
    end: int
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    # The lead units come only from a bare 责任单位 label: they cooperate when another note of the
    # same item names a 牵头单位 (牵头单位 and 责任单位 written on lines of their own).
    resp_only: bool = False


def first_listed_leads(text: str) -> bool:
    """Whether the document declares that the first unit named in a note is the lead unit."""
    return _FIRST_LEADS.search(text) is not None


def split_units(value: str) -> list[str]:
    """Unit names in a list like 'A、B等有关部门和单位': separators cut, generic tails dropped."""
    units = []
    for part in split_top(_LEAD_MARK.sub("", value)):
        part = part.strip(" \t\u3000。；;：:")
        if is_deadline_value(part):
            continue  # （责任单位：A，5月底前）: the time is the deadline, not a unit
        # 各有关部门和单位 is itself the unit; in 'A等有关部门' the tail only says "and others".
        trimmed = part if part.startswith("各") else _GENERIC_TAIL.sub("", part).strip()
        if 2 <= len(trimmed) <= 30 and trimmed not in units:
            units.append(trimmed)
    return units


# A responsibility sentence in running text, as 会议纪要 write it: 由A牵头，B、C配合，5月底前完成 /
# 由A负责 / 由A会同B办理 / A牵头、B配合. The role verb must close its clause, so 由各地负责组织实施 or
# 政府牵头、部门配合的格局 is not read as a note.
_UNIT_RUN = (
    r"[^，,。；;：:！？!?\n“”\"（()）]{2,60}?(?:[（(][^（()）\n]{1,20}[)）][^，,。；;：:\n（()）]{0,20}?)?"
)
_CLAUSE_END = r"(?=[，,。；;、]|$)"
_INLINE_LEAD = re.compile(
    rf"(?:(?<=^)|(?<=[。；;，,：:、）)\s]))(由)?({_UNIT_RUN})"
    rf"(?:(牵头负责|牵头|负责)|会同({_UNIT_RUN})(?:共同)?(?:办理|负责))(?=[，,。；;、]|$)",
    re.M,
)
_INLINE_CO = re.compile(rf"[，,、]({_UNIT_RUN})(配合|参与|协助|协同|协办){_CLAUSE_END}")
_NOT_UNIT = re.compile(r"的|^(?:要|应|须|并|坚持|建立|形成|实行|构建|健全|完善|推动|落实|实现|按照|根据)")


def _inline_units(value: str) -> list[str] | None:
    units = split_units(value)
    if not units or any(len(u) > 20 or _NOT_UNIT.search(u) for u in units):
        return None
    return units


def _inline(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[Note]:
    """Responsibility sentences written without brackets or labels."""
    notes = []
    for m in _INLINE_LEAD.finditer(text, start, end):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        lead = _inline_units(m.group(2))
        if lead is None:
            continue
        co: list[str] = []
        if m.group(4):  # 由A会同B办理: B works with the lead
            co = _inline_units(m.group(4)) or []
        note_end = m.end()
        c = _INLINE_CO.match(text, m.end(), end)
        if c:
            more = _inline_units(c.group(1))
            if more:
                co += more
                note_end = c.end()
        if not co and (not m.group(1) or text.startswith("、", m.end())):
            # Without 由, a bare 'A牵头' is too weak to be a note; so is 'A牵头、' that no role
            # clause completes (由A牵头、B参加的机制).
            continue
        notes.append(Note(m.start(), note_end, _dedupe(lead), [u for u in _dedupe(co) if u not in lead]))
    return notes


# Every form of note names a role with one of these words (labels, role verbs, 会同): a span without
# any holds no note, and is answered without the note patterns.
_ROLE_WORD = re.compile("牵头|主责|责任|主办|配合|协办|协同|协助|参与|参加|负责|指导|会同")


def find_notes(text: str, start: int, end: int, first_leads: bool = False) -> list[Note]:
    """All responsibility notes in the span, in order."""
    if not _ROLE_WORD.search(text, start, end):
        return []
    notes = _labelled(text, start, end)
    taken = [(n.start, n.end) for n in notes]
    for m in _PAREN.finditer(text, start, end):
        if len(m.group(1)) not in _PAREN_BODY or _LABEL.search(m.group(1)):
            continue
        if not _ROLE_VERB_WORD.search(m.group(1)):
            continue  # a note's clauses end in a role verb: a parenthesis without one is an aside
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        note = _bracketed(m.group(1), first_leads)
        if note:
            note.start, note.end = m.start(), m.end()
            notes.append(note)
            taken.append((m.start(), m.end()))
    if "由" in text[start:end] or "牵头" in text[start:end]:
        notes += _inline(text, start, end, taken)
    notes.sort(key=lambda n: n.start)
    return notes


def _labelled(text: str, start: int, end: int) -> list[Note]:
    """Labelled notes; labels that follow each other closely form one note."""
    clusters: list[list[tuple[str, int, int, list[str], list[str]]]] = []
    for m in _LABEL.finditer(text, start, end):
        value_end = _value_end(text, m.end(), min(end, m.end() + 300))
        nxt = _LABEL.search(text, m.end(), value_end)
        if nxt:
            value_end = nxt.start()
        value = text[m.end() : value_end]
        role = _LABEL_ROLE.get(m.group(1), "co")
        inline = inline_roles(value)
        if inline:
            # 责任部门：A牵头，B配合 — the value states its own roles, whatever the label says.
            entry = ("co", m.start(), value_end, inline[1], inline[0])
        else:
            marked = [u for part in split_top(value) if _LEAD_MARK.search(part) for u in split_units(part)]
            entry = (role, m.start(), value_end, split_units(value), marked)
        if clusters and m.start() - clusters[-1][-1][2] <= 4:
            clusters[-1].append(entry)
        else:
            clusters.append([entry])
    return [_cluster_note(cluster) for cluster in clusters]


def _cluster_note(cluster: list[tuple[str, int, int, list[str], list[str]]]) -> Note:
    note = Note(cluster[0][1], cluster[-1][2])
    marked = [u for *_, m in cluster for u in m]
    # A unit marked （牵头） leads whatever its label; a bare 责任单位 leads only when nothing else does.
    has_lead = bool(marked) or any(role == "lead" for role, *_ in cluster)
    note.lead.extend(marked)
    for role, _, _, units, _ in cluster:
        if role == "lead" or (role == "resp" and not has_lead):
            target = note.lead
            note.resp_only = role == "resp" and not has_lead
        else:
            target = note.co
        target.extend(u for u in units if u not in note.lead and u not in note.co)
    return note


_INLINE_ROLE = re.compile(r"(?:牵头|配合|参与|协助|协同|协办)(?:[，,；;]|$)")


def inline_roles(value: str) -> tuple[list[str], list[str]] | None:
    """(lead, co) when a labelled value names roles clause by clause (A牵头，B配合); else None."""
    value = value.strip(" \t\u3000。；;")
    if not _INLINE_ROLE.search(value):
        return None
    note = _bracketed(value, False)
    if note is None or not (note.lead or note.co):
        return None
    return note.lead, note.co


def _value_end(text: str, start: int, end: int) -> int:
    """Where a labelled value ends: a ；。 or line end, or the bracket that closes the note around it."""
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return i
            depth -= 1
        elif ch in "；;。\n":
            return i
        elif ch in " \t\u3000" and depth == 0 and _NEXT_FIELD.match(text, i, end):
            return i  # 牵头单位：A　完成时限：B — a space run and a new label end the field
        elif ch in "，," and depth == 0 and _TIME_AFTER_COMMA.match(text, i + 1, end):
            return i  # 牵头单位：A，6月底前出台办法 — a clause opening with a time is the task's, not a unit
    return end


_TIME_AFTER_COMMA = re.compile(
    r"[ \t\u3000]*(?:[0-9０-９]{4}年|[0-9０-９一二三四五六七八九十]{1,2}月|年底|年内|年中|[一二三四]季度|长期|持续)"
)
# Fields set side by side with spaces: a space run, then a short label and its colon.
_NEXT_FIELD = re.compile(r"[ \t\u3000]+[\u4e00-\u9fff]{2,6}[:：]")


def _bracketed(body: str, first_leads: bool) -> Note | None:
    """Parse '（A牵头，B配合）'-style text; None when the parenthesis is not a responsibility note."""
    first = body.split("。", 1)[0].strip()
    clauses = [c.strip() for c in split_top(first, "，,；;") if c.strip()]
    if not clauses:
        return None
    lead: list[str] = []
    co: list[str] = []
    resp: list[str] = []
    pending: list[str] = []
    explicit = False
    for clause in clauses:
        if is_deadline_value(clause) or (_TIME_CLAUSE.search(clause) and not pending):
            continue  # a deadline inside the note: （A牵头，6月底前完成）
        m = _ROLE_VERB.match(clause)
        if not m:
            pending.append(clause)
            continue
        units = [u for part in [*pending, m.group(1)] for u in split_units(part)]
        pending = []
        if not units:
            return None
        role = _VERB_ROLE.get(m.group(2), "co")
        if role == "lead":
            explicit = True
            lead.extend(units)
        elif role == "resp":
            resp.extend(units)
        else:
            explicit = True
            co.extend(units)
    if pending or not (lead or co or resp):
        return None
    if not explicit and first_leads:
        lead, co = resp[:1], resp[1:]
    elif lead:
        co = co + [u for u in resp if u not in lead]
    else:
        lead = resp
    if not lead and co:  # only cooperating units named: keep them, nobody leads
        return Note(0, 0, [], _dedupe(co))
    return Note(0, 0, _dedupe(lead), [u for u in _dedupe(co) if u not in lead])


def _dedupe(units: list[str]) -> list[str]:
    return list(dict.fromkeys(units))


def is_note_paragraph(text: str, start: int, end: int) -> bool:
    """A paragraph that is only a responsibility note (it belongs to the item above it)."""
    if _LABEL.match(text, start, end):
        return True
    if text[start] in "（(" and text[end - 1] in ")）" and _LABEL.match(text, start + 1, end):
        return True
    m = _PAREN.match(text, start, end)
    return bool(m and m.end() == end and len(m.group(1)) in _PAREN_BODY and _bracketed(m.group(1), False))
