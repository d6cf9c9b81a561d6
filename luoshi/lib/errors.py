"""The one exception a refused act raises, shared by every app's services and by luoshi.lib."""


class ServiceError(Exception):
    """A refused act, with a message in Chinese for the person who tried it."""
