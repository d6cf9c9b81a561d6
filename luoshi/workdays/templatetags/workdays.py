"""`{% calendar_warning items "due_on" %}`: a warning when dates on the page fall in a year the working-day
calendar does not cover. `items` is a date, or rows (objects or dicts) read by the attribute names given."""

from django import template
from django.utils.html import format_html

from luoshi.workdays.models import uncovered_warning

register = template.Library()


def _dates(value, names) -> list:
    """The dates to check: `value` itself, or the named fields of `value` (one row) or of each row in it."""
    if not names:
        return [value]
    single = isinstance(value, dict) or hasattr(value, "_meta") or not hasattr(value, "__iter__")
    rows = [value] if single else value
    return [row.get(n) if isinstance(row, dict) else getattr(row, n, None) for row in rows for n in names]


@register.simple_tag
def calendar_warning(value, *names) -> str:
    text = uncovered_warning(_dates(value, names))
    return format_html('<div class="alert alert-warning calendar-warning">{}</div>', text) if text else ""
