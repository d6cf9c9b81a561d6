"""One lock per plan, so acts that change a plan's figures take turns.

Every act that writes a plan's tasks or assignments (and so recomputes their roll-up and lights), and the
daily refresh, first takes the plan's lock, before any row lock and before its audit entry. Two such acts
on the same plan then run one after the other: each recompute reads its siblings after the previous act
has committed (no roll-up built from a unit's previous value), and no act can hold the audit append lock
while waiting for a row another act locked (no deadlock). The lock order everywhere is: plan lock, rows,
audit lock.

A plan cascaded (逐级分解) from an upper plan's assignment writes that assignment and its task tree when
its progress moves, so its lock is the whole chain: the top plan's lock first, then each plan down to
this one. Every act takes chains top first, so two acts on plans of one chain never wait on each other
in opposite orders (no deadlock), and an act on a street's plan has the city plan's lock before any row.

On PostgreSQL this is a transaction-level advisory lock, released when the transaction ends; SQLite runs
one write transaction at a time (settings: transaction_mode IMMEDIATE), so there it is a no-op.
"""

from __future__ import annotations

from django.db import connection

# pg_advisory_xact_lock(int, int) keys: this fixed first key, then the plan's id. Two-key locks never
# collide with the audit record's one-key lock.
PLAN_LOCK_SPACE = 0x5_0A17
INT4 = 2**31


def lock_plan(plan_id: int) -> None:
    """Hold the plan's lock until the current transaction ends (taking it again is harmless)."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_plan() must run inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Ids past the int4 range wrap: two plans would share a lock, which only makes them take turns.
            cursor.execute("SELECT cascade_plans FROM plans_plan WHERE id = %s", [plan_id])
            row = cursor.fetchone()
            chain = [int(p) for p in row[0].strip("/").split("/") if p] if row else []
            for key in [*chain, plan_id]:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [PLAN_LOCK_SPACE, key % INT4])
