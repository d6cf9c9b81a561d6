from luoshi.lib.errors import ServiceError


class DraftError(ServiceError):
    """A refused edit of a draft, with a Chinese message; views catch ServiceError for both."""
