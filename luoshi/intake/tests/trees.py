"""Small helpers the intake tests share for looking into a parsed tree."""

from luoshi.intake import parse_text
from luoshi.intake.model import Node, ParseResult


def walk(nodes: list[Node]):
    """Every node, depth first."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def frameworks_in(text: str) -> list[Node]:
    """The framework nodes parsing `text` gives."""
    return [n for n in walk(parse_text(text).items) if n.framework]


def framework_summary(result: ParseResult) -> list[tuple[str, int, list[str]]]:
    """(name, count, item titles) of every framework node, in document order."""
    return [
        (n.framework.name, n.framework.count, [c.title for c in n.children])
        for n in walk(result.items)
        if n.framework
    ]
