"""Match unit names as a document writes them to the unit register (全称、简称、别名).

Documents write 市民宗委, “市委统战部”, 市工商联等 or 市委组织部 (牵头): the name is normalised — spaces,
quotes and brackets removed, a trailing 等/牵头/配合 dropped — and looked up among every name each unit is
known by (Unit.names()), normalised the same way. A name that matches nothing is returned as unknown, so
the interface can flag it; it is never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from luoshi.org.models import Unit

_NOISE = re.compile(r"[\s\u3000“”\"'‘’《》〈〉「」『』]")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_TAIL = re.compile(r"(?:等(?:有关|相关)?(?:单位|部门)?|牵头负责|牵头|负责|配合|参与|协助)+$")
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
)


def normalise(name: str) -> str:
    """The form both sides are compared in."""
    name = _NOISE.sub("", name or "").translate(_FULLWIDTH)
    name = _BRACKETED.sub("", name)
    name = _TAIL.sub("", name)
    return name.strip("、，,；;：:。.")


@dataclass
class Matched:
    ids: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


class UnitIndex:
    """Every name of every unit in the register, normalised, mapped to the unit's id."""

    def __init__(self, units=None):
        units = Unit.objects.only("id", "name", "short_name", "aliases") if units is None else units
        self._by_name: dict[str, int] = {}
        # Full names first, so a short name or alias shared with another unit never hides a full name.
        for unit in units:
            self._by_name.setdefault(normalise(unit.name), unit.pk)
        for unit in units:
            for name in unit.names()[1:]:
                self._by_name.setdefault(normalise(name), unit.pk)

    def lookup(self, name: str) -> int | None:
        key = normalise(name)
        return self._by_name.get(key) if key else None

    def match(self, names: list[str]) -> Matched:
        """Ids of the names found (first mention wins, no repeats) and the names not found, as written."""
        out = Matched()
        for name in names:
            if not normalise(name):
                continue
            pk = self.lookup(name)
            if pk is None:
                cleaned = name.strip()
                if cleaned not in out.unknown:
                    out.unknown.append(cleaned)
            elif pk not in out.ids:
                out.ids.append(pk)
        return out
