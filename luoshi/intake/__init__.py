"""Intake: turn a deployment speech, work plan or task-division table into a draft task tree.

A plain Python package: it imports nothing from Django. Stages run in order —
read (preflight, decode) → segment with offsets → recognise → assemble.
"""

from .errors import IntakeError
from .model import Framework, Meeting, Node, ParseResult, Person, Target
from .options import ParseOptions

__all__ = [
    "IntakeError",
    "Framework",
    "Meeting",
    "Node",
    "ParseResult",
    "Person",
    "Target",
    "ParseOptions",
    "parse_bytes",
    "parse_document",
    "parse_text",
]


def parse_text(text: str, options: ParseOptions = ParseOptions()) -> ParseResult:
    """Parse already-decoded text (a pasted speech or plan, or a task-division table pasted as
    tab-separated columns)."""
    from .readers import find_text_table_spans
    from .tables import parse_table
    from .text import parse_text as _parse_text

    options.check_size(len(text.encode("utf-8")))
    found = find_text_table_spans(text)
    if found is not None:
        # Offsets into the pasted text itself (not the table rebuilt from its cells), so a task's
        # source sentence is the line it was read from.
        rows, spans = found
        return parse_table(rows, options, spans=spans, source=text)
    return _parse_text(text, options)


def parse_bytes(data: bytes, filename: str = "", options: ParseOptions = ParseOptions()) -> ParseResult:
    """Parse an uploaded file: .txt (any Chinese encoding), .docx, .xlsx or .xls."""
    from .readers import read_document

    return parse_document(read_document(data, filename, options), options)


def parse_document(document, options: ParseOptions = ParseOptions()) -> ParseResult:
    """Parse what `readers.read_document` read from a file (so a caller can look at the text first)."""
    from .tables import parse_table
    from .text import parse_text as _parse_text

    if document.rows is not None and document.spans is not None:  # a table in a .txt: offsets into it
        return parse_table(document.rows, options, spans=document.spans, source=document.text)
    if document.rows is not None:  # a spreadsheet or Word table: offsets into the text rebuilt from it
        return parse_table(document.rows, options)
    return _parse_text(document.text, options)  # the reader has already looked for a table
