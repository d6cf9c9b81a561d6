"""Options for one parse, passed in explicitly (never read from Django settings)."""

from dataclasses import dataclass

from .errors import IntakeError

UNPACK_FACTOR = 10  # a .docx/.xlsx may unpack to this many times the upload limit (zip bombs beyond)


@dataclass(frozen=True)
class ParseOptions:
    max_bytes: int = 20 * 1024 * 1024  # uploads (and pasted text, as UTF-8) above this are refused

    def check_size(self, size: int, unpacked: bool = False) -> None:
        """The one size rule: raise `IntakeError.TOO_BIG` when `size` bytes (of an upload, of pasted text
        as UTF-8, or — `unpacked` — of a .docx/.xlsx once unzipped) are over the limit."""
        limit = self.max_bytes * (UNPACK_FACTOR if unpacked else 1)
        if size > limit:
            raise IntakeError(
                IntakeError.TOO_BIG, f"{size} bytes > {limit}" + (" unpacked" if unpacked else "")
            )
