"""The unread count in the header, on every page of a signed-in person with a business role. Lazy: a
partial (htmx) response that never shows the header costs no query."""

from django.utils.functional import SimpleLazyObject

from .services import unread_count


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False) or user.is_administrator:
        return {}
    return {"notify_unread": SimpleLazyObject(lambda: unread_count(user))}
