"""Report scoping, derived from assignment scoping so the two can never disagree."""

from django.db import models


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        from luoshi.plans.models import Assignment

        return self.filter(assignment__in=Assignment.objects.visible_to(user))

    def workable_by(self, user) -> "ReportQuerySet":
        """Reports a liaison writes: their own unit's."""
        from luoshi.plans.models import Assignment

        return self.filter(assignment__in=Assignment.objects.workable_by(user))

    def reviewable_by(self, user) -> "ReportQuerySet":
        """Reports a supervisor accepts or returns: submitted ones in plans their unit deployed."""
        from luoshi.plans.models import Assignment

        return self.filter(assignment__in=Assignment.objects.managed_by(user))
