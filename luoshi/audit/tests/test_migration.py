"""Migration 0004 chains the rows written before the chain existed, and keeps who wrote them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from luoshi.audit import chain


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_backfilled_into_the_chain():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("audit", "0002_initial")])
        old = executor.loader.project_state([("audit", "0002_initial")]).apps
        User, Entry = old.get_model("org", "User"), old.get_model("audit", "AuditEntry")
        duban = User.objects.create(username="duban-old", display_name="老督办")
        base = datetime.datetime(2025, 3, 1, 8, 0, tzinfo=datetime.UTC)
        for i, (who, action) in enumerate(
            [(duban, "create_plan"), (None, "publish_plan"), (duban, "assign")]
        ):
            Entry.objects.create(
                actor=who,
                actor_name=str(who.display_name if who else "系统"),
                action=action,
                object_type="plans.plan",
                object_id="1",
                before={"n": i},
                after=None,
            )
        Entry.objects.update(at=base)  # same instant: the id decides the order
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        new = executor.loader.project_state(latest).apps.get_model("audit", "AuditEntry")
        rows = list(new.objects.order_by("seq"))
        assert [(r.seq, r.action, r.actor_id) for r in rows] == [
            (1, "create_plan", duban.pk),
            (2, "publish_plan", None),
            (3, "assign", duban.pk),
        ]
        assert chain.verify_all().broken is None
    finally:
        MigrationExecutor(connection).migrate(latest)
