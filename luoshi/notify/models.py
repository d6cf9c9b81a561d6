"""Notifications (通知): one message to one person or one unit contact, and its deliveries, one per channel.

The notification row is the in-app message (站内通知) with its read state; each `Delivery` is one attempt
to carry it over a channel (e-mail, 企业微信群机器人), retried with `attempts`, `next_try` and `last_error`
until it is sent or given up — a given-up delivery stays visible to the supervisors, never silently lost.

This app knows nothing of plans or 催办: the app above it says what a notification is about in `topic`
("notice:17") and `kind`/`kind_label`, so notifications can serve any later source.
"""

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内通知"
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信群机器人"


class Notification(models.Model):
    """One message to one recipient: a person with an account (站内通知, read or not) or a unit contact
    without one (the 分管领导), reached only through e-mail or the unit's group robot."""

    kind = models.CharField("类别", max_length=30, db_index=True)
    kind_label = models.CharField("类别名称", max_length=30)
    level = models.PositiveSmallIntegerField("级别", default=1)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient_name = models.CharField("接收人姓名", max_length=60)
    # The unit the message is about (the one chased) and the office that sent it (whose supervisors watch
    # the deliveries).
    unit = models.ForeignKey(
        "org.Unit", verbose_name="相关单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="发送单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    topic = models.CharField("事由", max_length=60, db_index=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_name}：{self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One notification carried over one channel to one address, with its retry state."""

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    address = models.CharField("地址", max_length=300, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_try = models.DateTimeField("下次尝试", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "通知发送"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel", "address"], name="one_delivery_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_try"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address} {self.get_status_display()}"


class UnitContact(models.Model):
    """How a unit is reached besides its liaisons' accounts: its 分管领导 (the leader in charge, copied on
    催办 and 警示) and its 企业微信 group robot. Kept by the 系统管理员 beside the unit tree."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="contact"
    )
    leader_name = models.CharField("分管领导", max_length=50, blank=True)
    leader_email = models.EmailField("分管领导邮箱", blank=True)
    wecom_webhook = models.URLField(
        "企业微信群机器人地址", max_length=300, blank=True, help_text="群机器人的 Webhook 地址，留空则不发送"
    )

    class Meta:
        verbose_name = verbose_name_plural = "单位联系人"
        ordering = ["unit__order", "unit_id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.leader_name}".strip()
