"""The database refuses to change the record, and `verify_audit` finds what was changed behind its back."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from luoshi.audit import triggers
from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(task, supervisor):
    return [record(Actor(supervisor), "update_task", task, summary=f"第{i}次修改") for i in range(1, 5)]


def _run_verify(*args) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _without_triggers():
    """Drop the triggers inside the test's transaction (rolled back with it), as an intruder with the
    database owner's rights could."""
    for statement in triggers.statements(triggers.DROP, connection.vendor):
        _sql(statement)


def test_the_database_refuses_update_and_delete(entries):
    first = entries[0]
    attempts = [
        lambda: _sql("UPDATE audit_auditentry SET summary = %s WHERE id = %s", ["改", first.pk]),
        lambda: _sql("DELETE FROM audit_auditentry WHERE id = %s", [first.pk]),
        lambda: AuditEntry.objects.filter(pk=first.pk).update(summary="改"),
        lambda: AuditEntry.objects.all().delete(),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic():
            attempt()
    first.refresh_from_db()
    assert first.summary == "第1次修改" and AuditEntry.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_postgresql_refuses_truncate(entries):
    with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic():
        _sql("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 4


def test_an_intact_chain_passes(entries):
    code, text = _run_verify()
    assert code == 0 and "校验通过：共 4 条" in text


def test_an_empty_record_passes():
    code, text = _run_verify()
    assert code == 0 and "审计记录为空" in text


def test_a_changed_column_is_named(entries):
    _without_triggers()
    _sql("UPDATE audit_auditentry SET summary = %s WHERE seq = 3", ["无事发生"])
    code, text = _run_verify()
    assert code == 1
    assert "第 3 条" in text and "摘要" in text and "此前的 2 条完好" in text


def test_a_rewritten_payload_breaks_its_hash(entries):
    _without_triggers()
    entry = AuditEntry.objects.get(seq=2)
    forged = entry.payload.replace("第2次修改", "第9次修改")
    _sql("UPDATE audit_auditentry SET payload = %s, summary = %s WHERE seq = 2", [forged, "第9次修改"])
    code, text = _run_verify()
    assert code == 1 and "第 2 条" in text and "哈希" in text


def test_a_deleted_entry_leaves_a_gap(entries):
    _without_triggers()
    _sql("DELETE FROM audit_auditentry WHERE seq = 2")
    code, text = _run_verify()
    assert code == 1 and "第 3 条" in text and "缺少第 2 条" in text


def test_reordered_hashes_are_caught(entries):
    # Swap entries 2 and 3 wholesale except their numbers: every column agrees with its payload, but the
    # links no longer run in order.
    _without_triggers()
    two, three = AuditEntry.objects.get(seq=2), AuditEntry.objects.get(seq=3)
    for target, source in ((two, three), (three, two)):
        _sql(
            "UPDATE audit_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
            [source.prev_hash, source.hash, target.pk],
        )
    code, text = _run_verify()
    assert code == 1 and "第 2 条" in text and "前一条哈希" in text


def test_a_cut_off_tail_is_caught_by_an_anchor(entries):
    anchor = f"4:{entries[3].hash}"
    assert _run_verify("--anchor", anchor)[0] == 0
    _without_triggers()
    _sql("DELETE FROM audit_auditentry WHERE seq = 4")
    assert _run_verify()[0] == 0  # the chain alone cannot tell
    code, text = _run_verify("--anchor", anchor)
    assert code == 1 and "第 4 条（锚点）已不存在" in text


def test_a_rewritten_chain_is_caught_by_an_anchor(entries):
    anchor = f"2:{entries[1].hash}"
    code, text = _run_verify("--anchor", f"2:{entries[0].hash}")
    assert code == 1 and "与锚点不符" in text
    assert _run_verify("--anchor", anchor)[0] == 0


def test_a_malformed_anchor_is_refused(entries):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="序号:哈希"):
        _run_verify("--anchor", "四:abc")
