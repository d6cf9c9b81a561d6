"""A draft (文稿导入草稿): a parsed document's task tree, corrected by a person before it becomes a Plan.

The tree lives in one JSON column rather than in rows: it is edited as a whole (merge, split, indent)
many times before publishing, and only the published Plan needs relational tasks. Each node is a dict:

    id             int, unique within the draft (never reused; see `next_id`)
    title, text    the item's head and full text
    tier           "routine" | "key" | "highlight"
    guidance       True for 工作要求 / review items that are not assigned on their own
    weight         decimal as a string ("1")
    deadline       ISO date or None;  deadline_text  the words as written (6月底前)
    lead, co       unit ids (ints), in the order chosen
    unknown_lead, unknown_co   unit names the register does not know — shown as 未匹配单位, never dropped
    targets        [{"metric", "target_value", "unit", "text"}]
    marker, section             as the parser found them (一、 / review|deploy)
    source_start, source_end    offsets into `source_text`, so each task keeps its source sentence
    children       [node, …]
"""

from django.conf import settings
from django.db import models

from luoshi.org.access import AccessPaths, Action, restrict


class DraftQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DraftQuerySet":
        """Drafts are working papers of the deploying unit: only its supervisors see them."""
        return restrict(user, Action.EDIT_DRAFT, self)

    def editable_by(self, user) -> "DraftQuerySet":
        return self.visible_to(user).filter(status=Draft.Status.EDITING)

    def discardable_by(self, user) -> "DraftQuerySet":
        """Being edited, or a parse that failed (thrown away to import again)."""
        return self.visible_to(user).filter(status__in=[Draft.Status.EDITING, Draft.Status.FAILED])


class Draft(models.Model):
    class Status(models.TextChoices):
        PARSING = "parsing", "解析中"
        FAILED = "failed", "解析失败"
        EDITING = "editing", "编辑中"
        PUBLISHED = "published", "已发布"

    deploying_unit = models.ForeignKey(
        "org.Unit", verbose_name="部署单位", on_delete=models.PROTECT, related_name="drafts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField("标题", max_length=200)
    year = models.PositiveIntegerField("年度")
    source_text = models.TextField("来源文本", blank=True)
    source_filename = models.CharField("来源文件", max_length=255, blank=True)
    tree = models.JSONField("任务树", default=list)
    meeting = models.JSONField("会议信息", null=True, blank=True)
    next_id = models.PositiveIntegerField(default=1, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.EDITING)
    # While PARSING: the uploaded file (or pasted text) on the shared media directory, relative to
    # MEDIA_ROOT, and when the parse began (a parse that outlives its time limit is marked FAILED).
    parse_input = models.CharField(max_length=255, blank=True, editable=False)
    parse_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    parse_error = models.TextField("解析失败原因", blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name="发布的工作部署",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    # Optimistic concurrency: every edit names the revision it was made on; a stale one is refused.
    revision = models.PositiveIntegerField("版本", default=1)
    # Recent [revision, user id] pairs: a person's own quick succession of edits (rename on blur, then a
    # click elsewhere) is not a conflict; someone else's edit in between is. See services.editing._check_revision.
    edit_log = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()
    access_paths = AccessPaths(deploying_unit="deploying_unit")

    class Meta:
        verbose_name = verbose_name_plural = "导入草稿"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editing(self) -> bool:
        return self.status == self.Status.EDITING

    @property
    def is_parsing(self) -> bool:
        return self.status == self.Status.PARSING

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class DraftSnapshot(models.Model):
    """The draft as it was before one edit, so the edit can be undone (撤销). Only the latest UNDO_DEPTH are
    kept per draft; undoing restores the newest and removes it, so undoing again goes one edit further back."""

    UNDO_DEPTH = 20

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="snapshots")
    revision = models.PositiveIntegerField("编辑前版本")
    tree = models.JSONField("编辑前任务树", default=list)
    title = models.CharField("编辑前标题", max_length=200)
    year = models.PositiveIntegerField("编辑前年度")
    summary = models.CharField("所做修改", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "草稿编辑记录"
        ordering = ["-id"]
