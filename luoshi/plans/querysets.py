"""Permission lives in the query: every list and getter starts from `visible_to(user)` or
`editable_by(user)`, so a missing link is never the only protection."""

from django.db import models


def _scope_units(user):
    """Units whose plans a leader reads: their own unit and everything under it."""
    from luoshi.org.models import Unit

    return Unit.objects.subtree(user.unit)


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_supervisor:
            return self.filter(deploying_unit_id=user.unit_id)
        if user.is_leader:
            return self.filter(deploying_unit__in=_scope_units(user))
        if user.is_liaison:
            return self.filter(
                status=self.model.Status.PUBLISHED, tasks__assignments__unit_id=user.unit_id
            ).distinct()
        return self.none()

    def editable_by(self, user) -> "PlanQuerySet":
        if user.is_authenticated and user.is_supervisor:
            return self.filter(deploying_unit_id=user.unit_id)
        return self.none()


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
        if not user.is_authenticated:
            return self.none()
        if user.is_supervisor:
            return self.filter(plan__deploying_unit_id=user.unit_id)
        if user.is_leader:
            return self.filter(plan__deploying_unit__in=_scope_units(user))
        if user.is_liaison:
            return self.filter(plan__status="published", assignments__unit_id=user.unit_id).distinct()
        return self.none()

    def editable_by(self, user) -> "TaskQuerySet":
        if user.is_authenticated and user.is_supervisor:
            return self.filter(plan__deploying_unit_id=user.unit_id)
        return self.none()


class AssignmentQuerySet(models.QuerySet):
    def overdue(self) -> "AssignmentQuerySet":
        """Assignments past their due day with the unit's work unfinished and the task still live (not
        completed, cancelled or guidance), as of the last recompute (see `plans.progress.lights`)."""
        return self.filter(is_overdue=True)

    def visible_to(self, user) -> "AssignmentQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_supervisor:
            return self.filter(task__plan__deploying_unit_id=user.unit_id)
        if user.is_leader:
            return self.filter(task__plan__deploying_unit__in=_scope_units(user))
        if user.is_liaison:
            return self.filter(unit_id=user.unit_id, task__plan__status="published")
        return self.none()

    def workable_by(self, user) -> "AssignmentQuerySet":
        """Assignments a liaison acknowledges and reports on: their own unit's, in published plans."""
        if user.is_authenticated and user.is_liaison:
            return self.filter(unit_id=user.unit_id, task__plan__status="published")
        return self.none()

    def managed_by(self, user) -> "AssignmentQuerySet":
        """Assignments a supervisor reviews: those of plans their unit deployed."""
        if user.is_authenticated and user.is_supervisor:
            return self.filter(task__plan__deploying_unit_id=user.unit_id)
        return self.none()
