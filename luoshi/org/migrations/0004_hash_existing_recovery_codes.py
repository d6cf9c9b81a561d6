"""Existing recovery codes (django-otp static tokens, plain text) become hashed codes of a recovery-code
device; the plain tokens are deleted. Each account keeps the same codes, so a printed list still works."""

from django.contrib.auth.hashers import make_password
from django.db import migrations


def normalised(code: str) -> str:  # as luoshi.org.recovery_codes.normalised (migrations keep their own copy)
    return "".join(code.split()).replace("-", "").lower()


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("org", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("org", "RecoveryCode")
    for static in StaticDevice.objects.all():
        device = RecoveryCodeDevice.objects.create(user_id=static.user_id, name=static.name, confirmed=static.confirmed)
        tokens = static.token_set.values_list("token", flat=True)
        RecoveryCode.objects.bulk_create(
            [RecoveryCode(device=device, digest=make_password(normalised(t))) for t in tokens]
        )
        static.delete()  # its tokens with it


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_recovery_codes_hashed"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
