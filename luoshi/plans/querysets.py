"""Permission lives in the query: every list and getter starts from a scoped queryset (`visible_to`,
`editable_by`, `workable_by`, `managed_by`), each one line over the policy table in `luoshi.org.access`,
so a missing link is never the only protection and pages, services and the API share one rule."""

from django.db import models

from luoshi.org.access import Action, restrict


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        return restrict(user, Action.VIEW_PLAN, self)

    def editable_by(self, user) -> "PlanQuerySet":
        return restrict(user, Action.EDIT_PLAN, self)


class TaskQuerySet(models.QuerySet):
    def counted(self) -> "TaskQuerySet":
        """The tasks that count as pieces of work — in every figure, page, score and the API: not guidance
        (工作要求), not cancelled, and with no child that is not cancelled (a task whose children are all
        cancelled is a leaf again). A parent's light and progress come from its children, so counting
        parents too would count the same work twice."""
        live_children = self.model.objects.filter(parent=models.OuterRef("pk")).exclude(
            status=self.model.Status.CANCELLED
        )
        return (
            self.filter(is_guidance=False)
            .exclude(status=self.model.Status.CANCELLED)
            .filter(~models.Exists(live_children))
        )

    def lines(self) -> "TaskQuerySet":
        """The task lines a plan's overall progress is made of: top-level tasks that carry work (not
        guidance, not cancelled)."""
        return self.filter(parent__isnull=True, is_guidance=False).exclude(status=self.model.Status.CANCELLED)

    def overdue(self) -> "TaskQuerySet":
        """Tasks past their deadline and unfinished, as of the last recompute (see `plans.progress`)."""
        return self.filter(is_overdue=True)

    def visible_to(self, user) -> "TaskQuerySet":
        return restrict(user, Action.VIEW_PLAN, self)

    def editable_by(self, user) -> "TaskQuerySet":
        return restrict(user, Action.EDIT_PLAN, self)


class AssignmentQuerySet(models.QuerySet):
    def overdue(self) -> "AssignmentQuerySet":
        """Assignments past their due day with the unit's work unfinished and the task still live (not
        completed, cancelled or guidance), as of the last recompute (see `plans.progress.lights`)."""
        return self.filter(is_overdue=True)

    def visible_to(self, user) -> "AssignmentQuerySet":
        return restrict(user, Action.VIEW_ASSIGNMENT, self)

    def workable_by(self, user) -> "AssignmentQuerySet":
        """Assignments a liaison acknowledges and reports on: their own unit's, in published plans."""
        return restrict(user, Action.WORK_ASSIGNMENT, self)

    def managed_by(self, user) -> "AssignmentQuerySet":
        """Assignments whose reports a supervisor reviews: those of plans their unit deployed."""
        return restrict(user, Action.REVIEW_REPORT, self)
