"""The audit record becomes a hash chain: sequence numbers, canonical payloads, hashes; the actor column
becomes the plain number copied in 0003; existing rows are chained in (at, id) order."""

from django.db import migrations, models

from luoshi.audit import chain
from luoshi.audit.actions import Action


def chain_existing_rows(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    seq, prev_hash, batch = 0, chain.GENESIS, []
    for entry in AuditEntry.objects.order_by("at", "id").iterator(chunk_size=2000):
        chain.seal(entry, seq, prev_hash)
        seq, prev_hash = entry.seq, entry.hash
        batch.append(entry)
        if len(batch) == 1000:
            AuditEntry.objects.bulk_update(batch, ["seq", "payload", "prev_hash", "hash", "before", "after"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["seq", "payload", "prev_hash", "hash", "before", "after"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_actor_number")]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["-seq"], "verbose_name": "审计记录", "verbose_name_plural": "审计记录"},
        ),
        migrations.RemoveField(model_name="auditentry", name="actor"),
        migrations.RenameField(model_name="auditentry", old_name="actor_number", new_name="actor_id"),
        migrations.AlterField(
            model_name="auditentry",
            name="actor_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="操作人编号"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(db_index=True, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(choices=Action.choices, db_index=True, max_length=50, verbose_name="操作"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="序号"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="payload",
            field=models.TextField(default="", verbose_name="签名内容"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一条哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="本条哈希"),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="序号"),
        ),
    ]
