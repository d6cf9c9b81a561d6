"""Options for one parse, passed in explicitly (never read from Django settings)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseOptions:
    max_bytes: int = 20 * 1024 * 1024  # uploads above this are refused before decoding
