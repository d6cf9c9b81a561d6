"""Recovery codes stored the way passwords are: only a hash of each code is kept (Django's password hashers,
Argon2 first), so the database holds no code anyone could type. django-otp's own static-token plugin keeps
its tokens in plain text and has no option to hash them; this is a django-otp device of our own that keeps
its interface (`verify_token`, throttling, `persistent_id`), so django-otp's login and middleware treat it
like any other device. The codes are shown once, when they are made (`issue`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticToken


def normalised(code: str) -> str:
    """What is compared: no spaces or dashes, lower case (codes are shown in groups of four)."""
    return "".join(code.split()).replace("-", "").lower()


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """One account's set of single-use recovery codes."""

    class Meta:
        verbose_name = verbose_name_plural = "恢复码"

    def issue(self, count: int) -> list[str]:
        """`count` new codes in place of the old ones: returned in the clear this once, stored hashed."""
        codes = [StaticToken.random_token() for _ in range(count)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=self, digest=make_password(normalised(c))) for c in codes]
        )
        return codes

    def remaining(self) -> int:
        return self.codes.count()

    def verify_token(self, token) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = normalised(str(token))
        for code in self.codes.all():
            # A code is spent by deleting its row; of two requests racing with the same code one deletes it.
            if check_password(typed, code.digest) and RecoveryCode.objects.filter(pk=code.pk).delete()[0]:
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
                return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)  # as django-otp's static tokens


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField("哈希", max_length=256)

    class Meta:
        verbose_name = verbose_name_plural = "恢复码（哈希）"
