"""The actor becomes a plain number (a deleted account must not rewrite the trail): copy the foreign key's
value into a new column first, in a migration of its own (PostgreSQL will not alter a table with pending
foreign-key checks in the same transaction)."""

from django.db import migrations, models
from django.db.models import F


def copy_actor(apps, schema_editor):
    apps.get_model("audit", "AuditEntry").objects.update(actor_number=F("actor"))


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="actor_number",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(copy_actor, migrations.RunPython.noop),
    ]
