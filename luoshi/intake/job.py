"""One parse as a separate process: `python -m luoshi.intake.job INPUT OUTPUT [options]`.

The web application runs every parse this way so that a document that takes too long or too much memory
costs a child process, not a web worker: the caller sets the child's limits (time, address space) and
reads OUTPUT, a JSON object that is either {"result": …} (ParseResult.to_dict() plus "source") or
{"error": code} with an IntakeError code or TOO_LONG. A child killed by its limits writes nothing; the
caller tells that from the exit status. `load_result` turns the JSON back into the parser's dataclasses.

Imports nothing from Django, like the rest of the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import parse_document, parse_text
from .errors import IntakeError
from .model import Framework, Meeting, Node, ParseResult, Person, Target
from .options import ParseOptions
from .readers import read_document

TOO_LONG = "too_long"  # more characters of text than the caller allows (--max-chars)
OUT_OF_MEMORY = 3  # exit status when the address-space limit stopped the parse


def run(data: bytes, *, filename: str, pasted: bool, options: ParseOptions, max_chars: int) -> dict:
    """Parse `data` (an uploaded file, or pasted text as UTF-8) and answer as the OUTPUT file holds it."""
    try:
        if pasted:
            text = data.decode("utf-8")
            if len(text) > max_chars:
                return {"error": TOO_LONG, "chars": len(text)}
            result = parse_text(text, options)
        else:
            document = read_document(data, filename, options)
            if len(document.text) > max_chars:
                return {"error": TOO_LONG, "chars": len(document.text)}
            result = parse_document(document, options)
    except IntakeError as exc:
        if isinstance(exc.__cause__, MemoryError):  # a reader reports any failure as CORRUPT
            raise exc.__cause__ from None
        return {"error": exc.code}
    return {"result": {**result.to_dict(), "source": result.source}}


def load_result(data: dict) -> ParseResult:
    """The ParseResult a child wrote as JSON."""
    meeting = data.get("meeting")
    return ParseResult(
        meeting=_meeting(meeting) if meeting else None,
        items=[_node(n) for n in data.get("items", [])],
        source=data.get("source", ""),
        title=data.get("title"),
    )


def _meeting(m: dict) -> Meeting:
    return Meeting(
        title=m.get("title", ""),
        date=m.get("date"),
        chairs=[Person(**p) for p in m.get("chairs", [])],
        speakers=[Person(**p) for p in m.get("speakers", [])],
    )


def _node(n: dict) -> Node:
    framework = n.get("framework")
    return Node(
        **{k: v for k, v in n.items() if k not in {"framework", "children", "targets"}},
        framework=Framework(**framework) if framework else None,
        children=[_node(c) for c in n.get("children", [])],
        targets=[Target(**t) for t in n.get("targets", [])],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m luoshi.intake.job")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--filename", default="")
    parser.add_argument("--pasted", action="store_true", help="INPUT is pasted text in UTF-8")
    parser.add_argument("--max-bytes", type=int, default=ParseOptions().max_bytes)
    parser.add_argument("--max-chars", type=int, default=2_000_000)
    args = parser.parse_args(argv)
    try:
        answer = run(
            Path(args.input).read_bytes(),
            filename=args.filename,
            pasted=args.pasted,
            options=ParseOptions(max_bytes=args.max_bytes),
            max_chars=args.max_chars,
        )
        Path(args.output).write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    except MemoryError:
        return OUT_OF_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(main())
