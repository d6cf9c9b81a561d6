"""The one error a service raises when it refuses an act."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused act: a stable `code` for programs (the API, tests) and a Chinese message for the person
    who tried it. `str(error)` is the message."""

    def __init__(self, message: str, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


class AccessDenied(ServiceError):
    """The actor's role or scope does not allow the act."""

    def __init__(self, message: str):
        super().__init__(message, code="forbidden")
