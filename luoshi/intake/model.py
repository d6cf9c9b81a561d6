"""Plain dataclasses the intake parser produces; JSON is only a view of them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Person:
    name: str
    title: str = ""


@dataclass
class Meeting:
    title: str = ""
    date: str | None = None
    chairs: list[Person] = field(default_factory=list)
    speakers: list[Person] = field(default_factory=list)


@dataclass
class Framework:
    name: str
    count: int


@dataclass
class Target:
    value: float
    unit: str
    text: str


@dataclass
class Node:
    title: str
    text: str = ""
    section: str | None = None  # "review", "deploy" or None
    framework: Framework | None = None
    children: list[Node] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    marker: str | None = None
    deadline: str | None = None
    targets: list[Target] = field(default_factory=list)
    start: int = 0  # character offsets of the node's text in the decoded source
    end: int = 0
    level: int | None = None  # outline depth the numbering implies (1 = 一、), None when not numbered
    # True when the node restates an item that stands elsewhere in the tree: a framework announced in prose
    # (重点实施五大行动) whose items are the headings that follow. Consumers building tasks skip mirrors.
    mirror: bool = False
    # True for the document's opening words before its first item (今天召开…会议，主要任务是…; …会议召开):
    # they say why and how the meeting met — context kept for reference, not a task to assign.
    opening: bool = False


@dataclass
class ParseResult:
    meeting: Meeting | None
    items: list[Node]
    source: str = ""  # the decoded text the offsets refer to
    title: str | None = None  # the document's own title, e.g. a task-division table's merged title row

    def to_dict(self) -> dict:
        return {
            "meeting": asdict(self.meeting) if self.meeting else None,
            "items": [asdict(n) for n in self.items],
            "title": self.title,
        }
