"""Task codes (1, 1.2, 1.2.3) in the order people read them."""


def code_sort_key(code: str) -> tuple:
    """Sort task codes as numbers, so 1.10 comes after 1.9 (and 10 after 2); a part that is not a number
    (rare, from intake) sorts as text after the numbered ones."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))
