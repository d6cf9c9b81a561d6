"""Report scoping: one line each over the policy table in `luoshi.org.access`."""

from django.db import models

from luoshi.org.access import Action, restrict


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """Reports a person may read; drafts only by their own unit's liaison."""
        return restrict(user, Action.VIEW_REPORT, self)

    def workable_by(self, user) -> "ReportQuerySet":
        """Reports a liaison writes: their own unit's."""
        return restrict(user, Action.WORK_ASSIGNMENT, self)

    def reviewable_by(self, user) -> "ReportQuerySet":
        """Reports a supervisor accepts or returns: those in plans their unit deployed."""
        return restrict(user, Action.REVIEW_REPORT, self)
