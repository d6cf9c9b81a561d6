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
    def visible_to(self, user) -> "TaskQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_supervisor:
            return self.filter(plan__deploying_unit_id=user.unit_id)
        if user.is_leader:
            return self.filter(plan__deploying_unit__in=_scope_units(user))
        if user.is_liaison:
            return self.filter(
                plan__status="published", assignments__unit_id=user.unit_id
            ).distinct()
        return self.none()

    def editable_by(self, user) -> "TaskQuerySet":
        if user.is_authenticated and user.is_supervisor:
            return self.filter(plan__deploying_unit_id=user.unit_id)
        return self.none()


class AssignmentQuerySet(models.QuerySet):
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
