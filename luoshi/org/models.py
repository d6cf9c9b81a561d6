"""Units (单位) form a tree in their official order; people belong to one unit and hold one role."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from .querysets import UnitQuerySet


class Unit(models.Model):
    """An organisation in the tree: 部门, 区, 市直单位, 民主党派, 人民团体, 街道/乡镇, 社区/村."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门"
        DISTRICT = "district", "区"
        ZONE = "zone", "功能区"
        MUNICIPAL = "municipal", "市直单位"
        PARTY = "party", "民主党派"
        ORGANISATION = "organisation", "人民团体"
        STREET = "street", "街道/乡镇"
        COMMUNITY = "community", "社区/村"

    name = models.CharField("全称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.CharField("别名", max_length=300, blank=True, help_text="多个别名用顿号或逗号分隔")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0, help_text="官方排列顺序，数字小的在前")
    # Materialised path of ids ("/1/5/12/") so a subtree is one indexed prefix query, on any database.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            Unit.objects.filter(pk=self.pk).update(path=path)
            if old:
                # Moving a unit moves its subtree: rewrite descendants' prefixes.
                for child in Unit.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old) :]
                    Unit.objects.filter(pk=child.pk).update(path=child.path)

    def names(self) -> list[str]:
        """Every name the unit is known by: full name, short name, aliases."""
        extra = [a.strip() for a in self.aliases.replace("，", "、").replace(",", "、").split("、")]
        return [n for n in [self.name, self.short_name, *extra] if n]


class User(AbstractUser):
    """A person. Business roles (supervisor, liaison, leader) belong to a unit; the three administrator
    roles (三员分立) manage accounts, settings and the audit trail and see no business data."""

    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", "督办员"
        LIAISON = "liaison", "联络员"
        LEADER = "leader", "领导"
        SYSADMIN = "sysadmin", "系统管理员"
        SECADMIN = "secadmin", "安全管理员"
        AUDITOR = "auditor", "审计管理员"

    ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)

    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.LIAISON)
    unit = models.ForeignKey(
        Unit, verbose_name="所在单位", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # Password and session policy (org/passwords.py, org/sessions.py).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True, editable=False)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, db_default=False, help_text="新建账号和管理员重置密码后自动勾选"
    )
    session_generation = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    is_demo = models.BooleanField("演示数据", default=False, db_default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_supervisor(self) -> bool:
        return self.role == self.Role.SUPERVISOR and self.unit_id is not None

    @property
    def is_liaison(self) -> bool:
        return self.role == self.Role.LIAISON and self.unit_id is not None

    @property
    def is_leader(self) -> bool:
        return self.role == self.Role.LEADER and self.unit_id is not None

    @property
    def is_administrator(self) -> bool:
        return self.role in self.ADMIN_ROLES


class PasswordHistory(models.Model):
    """The hashes of an account's recent passwords, so an old one is not set again (org/passwords.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "历史密码"


from .recovery_codes import RecoveryCode, RecoveryCodeDevice  # noqa: E402,F401  (their home module)
