"""The database itself refuses UPDATE and DELETE on the audit table (see luoshi/audit/triggers.py)."""

from django.db import migrations

from luoshi.audit import triggers


def create(apps, schema_editor):
    for sql in triggers.statements(triggers.CREATE, schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in triggers.statements(triggers.DROP, schema_editor.connection.vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_hash_chain")]

    operations = [migrations.RunPython(create, drop)]
