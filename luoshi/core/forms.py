"""Form fields shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from luoshi.lib.text import NUL_MESSAGE, clean_text, has_nul


class CleanCharField(forms.CharField):
    """A CharField whose value passes the text normaliser (`luoshi.lib.text.clean_text`) before it is
    validated, so the length checked and the text shown back are what the service will store. A NUL is
    refused with a message that says so, rather than dropped unseen."""

    def to_python(self, value):
        if isinstance(value, str) and has_nul(value):
            raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = clean_text(value)
        return value.strip() if self.strip else value
