"""The one exception the intake parser raises; the web layer maps each code to a Chinese message."""


class IntakeError(Exception):
    """A document the parser cannot read. `code` is stable; messages for people live in `drafts`."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_BIG = "too_big"
    BAD_ENCODING = "bad_encoding"
    UNSUPPORTED = "unsupported"  # e.g. a PDF or an image
    SCANNED = "scanned"  # a PDF with no text layer
    CORRUPT = "corrupt"  # a .docx/.xlsx that does not open

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
