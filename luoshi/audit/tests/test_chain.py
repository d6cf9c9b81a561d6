"""The audit record is a hash chain: numbered without gaps, each entry sealing the one before it."""

import hashlib
import json

import pytest
from django.db import connection

from luoshi.audit import chain
from luoshi.audit.actions import Action
from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor, record

pytestmark = pytest.mark.django_db


def _three(task, supervisor):
    return [
        record(
            Actor(supervisor, "10.0.0.1"), "update_task", task, before={"b": 1, "a": "旧"}, after={"a": "新"}
        ),
        record(Actor.system(), "cancel_task", task, summary="取消"),
        record(Actor(supervisor), "add_task", task),
    ]


def test_entries_are_numbered_and_linked(task, supervisor):
    entries = _three(task, supervisor)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == "0" * 64
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    for e in entries:
        expected = hashlib.sha256((e.prev_hash + e.payload).encode("utf-8")).hexdigest()
        assert e.hash == expected


def test_the_payload_is_canonical_json_of_everything_that_matters(task, supervisor):
    entry = _three(task, supervisor)[0]
    entry.refresh_from_db()
    data = json.loads(entry.payload)
    assert entry.payload == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert "旧" in entry.payload  # not \u escapes
    assert data == {
        "seq": 1,
        "at": entry.at.astimezone(chain.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": supervisor.pk,
        "actor_name": str(supervisor),
        "ip": "10.0.0.1",
        "action": "update_task",
        "object_type": "plans.task",
        "object_id": str(task.pk),
        "summary": "",
        "before": {"a": "旧", "b": 1},
        "after": {"a": "新"},
    }


def test_an_unknown_action_is_refused_and_nothing_written(task):
    with pytest.raises(ValueError, match="未登记的审计操作"):
        record(Actor.system(), "publish_everything", task)
    assert not AuditEntry.objects.exists()


def test_record_is_the_only_writer(task, supervisor):
    with pytest.raises(ValueError, match="只能经由"):
        AuditEntry.objects.create(action="add_task", object_type="plans.task", object_id="1", seq=1)
    entry = record(Actor(supervisor), "add_task", task)
    entry.summary = "改"
    with pytest.raises(ValueError, match="只能经由"):
        entry.save()
    assert AuditEntry.objects.get().summary == ""


def test_every_action_has_a_chinese_label():
    for action in Action:
        assert action.label and action.label != action.value
        assert any("\u4e00" <= ch <= "\u9fff" for ch in action.label)


def test_the_actor_outlives_the_account(task, own_unit):
    from luoshi.tests import factories as f

    colleague = f.UserFactory(role="liaison", unit=own_unit, display_name="李四")
    entry = record(Actor(colleague), "acknowledge", task)
    pk = colleague.pk
    colleague.delete()  # the trail is not rewritten: a plain number, no foreign key to null out
    entry.refresh_from_db()
    assert (entry.actor_id, entry.actor_name, entry.actor) == (pk, "李四", None)
    assert chain.verify_all().broken is None


def test_ipv6_addresses_are_stored_as_the_database_gives_them_back(task, supervisor):
    entry = record(Actor(supervisor, "2001:DB8:0:0:0:0:0:1"), "add_task", task)
    entry.refresh_from_db()
    assert entry.ip == "2001:db8::1"
    assert chain.verify_all().broken is None


def test_the_recent_check_starts_mid_chain(task, supervisor):
    _three(task, supervisor)
    report = chain.verify_recent(2)
    assert (report.checked, report.last_seq, report.broken) == (2, 3, None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(task, supervisor):
    import threading

    from django.db import connections, transaction

    writers, each = 6, 5
    barrier = threading.Barrier(writers)
    failures = []

    def write(n):
        try:
            barrier.wait()
            for i in range(each):
                with transaction.atomic():
                    record(Actor(supervisor), "update_task", task, summary=f"写入者{n}第{i}条")
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert sorted(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, writers * each + 1))
    assert chain.verify_all().broken is None


def test_entries_recorded_together_chain_on_as_one_by_one(task, supervisor):
    """`record_many` (one entry per imported file) continues the chain in order, in one statement."""
    from luoshi.audit.services import record_many

    first = record(Actor.system(), "cancel_task", task)
    many = record_many(
        Actor(supervisor, "10.0.0.2"),
        "update_task",
        [(task, {"a": 1}, {"a": 2}, "一"), (task, None, {"b": (1, 2)}, "二")],
    )
    assert [e.seq for e in many] == [2, 3]
    assert many[0].prev_hash == first.hash and many[1].prev_hash == many[0].hash
    assert AuditEntry.objects.get(seq=3).after == {"b": [1, 2]}
    report = chain.verify_all()
    assert (report.checked, report.broken) == (3, None)
