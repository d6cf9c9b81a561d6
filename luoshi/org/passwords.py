"""Password rules (等保2.0 身份鉴别), as Django password validators with Chinese messages, plus expiry.

Listed in settings.AUTH_PASSWORD_VALIDATORS, so every place that sets a password — the change page, the
admin's reset and add forms, `luoshi create_admin` — applies the same rules:

* at least 8 characters, drawn from at least 3 of 4 classes (upper case, lower case, digits, others);
* not a commonly used password (Django's list);
* not containing the username;
* not one of the account's last 5 passwords (kept as hashes in PasswordHistory).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import PasswordHistory

CLASS_NAMES = ("大写字母", "小写字母", "数字", "其他符号")


def character_classes(password: str) -> int:
    kinds = [
        any(c.isupper() for c in password),
        any(c.islower() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    ]
    return sum(kinds)


class StrengthValidator:
    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length, self.min_classes = min_length, min_classes

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short")
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含{('、'.join(CLASS_NAMES))}中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符，含{('、'.join(CLASS_NAMES))}中的至少 {self.min_classes} 类。"


class CommonValidator(CommonPasswordValidator):
    def get_error_message(self):
        return "这个密码太常见，容易被猜到，请换一个。"

    def get_help_text(self):
        return "不能使用常见密码。"


class UsernameValidator:
    def validate(self, password, user=None):
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError("密码不能包含用户名。", code="password_contains_username")

    def get_help_text(self):
        return "不能包含用户名。"


class HistoryValidator:
    """Not one of the last `keep` passwords; remembers each new one when it is set."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        if any(check_password(password, old) for old in self._recent(user)):
            raise ValidationError(f"不能使用最近 {self.keep} 次用过的密码。", code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        stale = (
            PasswordHistory.objects.filter(user=user)
            .order_by("-id")
            .values_list("id", flat=True)[self.keep :]
        )
        PasswordHistory.objects.filter(id__in=list(stale)).delete()

    def _recent(self, user) -> list[str]:
        return list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-id")
            .values_list("password", flat=True)[: self.keep]
        )

    def get_help_text(self):
        return f"不能与最近 {self.keep} 次用过的密码相同。"


def is_expired(user) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    changed = user.password_changed_at or user.date_joined
    return changed is not None and timezone.now() - changed > timedelta(days=days)


def must_change(user) -> bool:
    """Whether this signed-in person must set a new password before anything else (demo accounts never)."""
    if not user.is_authenticated or getattr(user, "is_demo", False):
        return False
    return user.must_change_password or is_expired(user)
