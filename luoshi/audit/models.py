"""The audit record: one row for every change to business data, written by the service that makes it.

Each row is a link of a hash chain (luoshi/audit/chain.py): `payload` is the canonical JSON of everything
the row says, `hash` covers the previous row's hash and that payload, and `seq` numbers the rows without
gaps. The other columns repeat the payload so the admin can filter and search; `verify_audit` checks that
they still agree with it. The database refuses UPDATE and DELETE on the table (migration 0005, luoshi/audit/triggers.py)."""

from django.db import models

from .actions import Action


class AuditEntry(models.Model):
    seq = models.BigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    # A plain number, not a foreign key: deleting an account must not rewrite the trail.
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True, db_index=True)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("操作", max_length=50, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=50)
    summary = models.CharField("摘要", max_length=300, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    payload = models.TextField("签名内容")
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("本条哈希", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        # `record()` is the only writer: it numbers and seals the entry first. Anything else is refused here
        # (and an UPDATE of a stored entry by the database).
        if not (self._state.adding and self.hash):
            raise ValueError("审计记录只能经由 luoshi.audit.services.record 追加，不能直接保存或修改")
        super().save(*args, **kwargs)

    @property
    def actor(self):
        """The account that acted, while it exists (None for the system, anonymous visitors and deleted
        accounts; `actor_id` and `actor_name` keep who it was)."""
        from django.contrib.auth import get_user_model

        if self.actor_id is None:
            return None
        return get_user_model().objects.filter(pk=self.actor_id).first()
