"""Recovery codes are stored hashed: the ten codes shown once at enrolment are nowhere in the database (no
table holds one, in any form a person could type), yet each logs in once. Codes made before this change
(django-otp's plain static tokens) are hashed by the migration and keep working."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from luoshi.org.models import RecoveryCode, RecoveryCodeDevice, User

from .test_second_factor import code_for, password_login, pending, send_code


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR, settings.TWO_FACTOR_ROLES = "required", ["sysadmin", "secadmin", "auditor"]


@pytest.fixture
def secadmin(db):
    return User.objects.create_user(
        "secadmin", password="luoshi-test", role=User.Role.SECADMIN, is_staff=True
    )


def every_text_in_the_database() -> str:
    """All the text of every table, as one string: what someone holding a copy of the database reads."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"select * from {connection.ops.quote_name(table)}")
            chunks += [str(value) for row in cursor.fetchall() for value in row if value is not None]
    return "\n".join(chunks).lower()


def enrol(client, user) -> list[str]:
    password_login(client, user.username)
    client.get(reverse("second_factor"))
    done = client.post(
        reverse("second_factor"), {"action": "confirm", "code": code_for(pending(client, user))}
    )
    return [c.replace(" ", "") for c in re.findall(r"<code>([a-z2-7 ]+)</code>", done.content.decode())]


def test_the_database_holds_no_usable_recovery_code(client, secadmin, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    codes = enrol(client, secadmin)
    assert len(codes) == 10 and all(len(c) == 8 for c in codes)
    text = every_text_in_the_database()
    assert not [c for c in codes if c in text]
    assert not StaticToken.objects.exists()
    digests = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(digests) == 10 and len(set(digests)) == 10  # salted: equal codes would not look equal
    assert {identify_hasher(d).algorithm for d in digests} == {"argon2"}  # as the passwords


def test_a_hashed_code_logs_in_once_and_the_count_goes_down(client, secadmin):
    codes = enrol(client, secadmin)
    client.post(reverse("logout"))
    password_login(client, "secadmin")
    response = send_code(client, codes[3].upper()[:4] + " " + codes[3][4:])  # as read off the printout
    assert response.status_code == 302
    assert "还剩 9 个" in client.get(response["Location"], follow=True).content.decode()
    client.post(reverse("logout"))
    password_login(client, "secadmin")
    assert "验证码不正确" in send_code(client, codes[3]).content.decode()
    assert RecoveryCode.objects.count() == 9


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_the_plain_codes_made_before():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("org", "0003_recovery_codes_hashed"), ("otp_static", "0003_add_timestamps")]
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        User = old.get_model("org", "User")
        Device, Token = (
            old.get_model("otp_static", "StaticDevice"),
            old.get_model("otp_static", "StaticToken"),
        )
        admin = User.objects.create(username="secadmin-old", display_name="安全管理员", role="secadmin")
        device = Device.objects.create(user=admin, name="恢复码", confirmed=True)
        Token.objects.bulk_create([Token(device=device, token=t) for t in ("abcd2345", "efgh6777")])
        MigrationExecutor(connection).migrate(latest)
        assert not StaticToken.objects.exists()
        assert "abcd2345" not in every_text_in_the_database()
        migrated = RecoveryCodeDevice.objects.get(user_id=admin.pk)
        assert migrated.remaining() == 2 and migrated.confirmed
        assert migrated.verify_token("ABCD 2345") and not migrated.verify_token("abcd2345")
        assert migrated.remaining() == 1
    finally:
        MigrationExecutor(connection).migrate(latest)
