"""Scoping for units."""

from django.db import models


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit) -> "UnitQuerySet":
        """The unit and every unit under it."""
        return self.filter(path__startswith=unit.path)

    def official_order(self) -> "UnitQuerySet":
        return self.order_by("order", "id")
