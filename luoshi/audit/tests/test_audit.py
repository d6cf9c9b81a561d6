"""The audit record: every act writes exactly one entry, inside its transaction, with who/where/what."""

from decimal import Decimal

import pytest
from django.test import RequestFactory

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor, record, snapshot
from luoshi.plans import services as plan_services
from luoshi.plans.services import ServiceError
from luoshi.reports import services as report_services


def test_actor_from_request_takes_user_and_address(liaison):
    request = RequestFactory().get("/", REMOTE_ADDR="192.168.1.9")
    request.user = liaison
    assert Actor.from_request(request) == Actor(liaison, "192.168.1.9")


def test_snapshot_is_json_safe(own_assignment):
    data = snapshot(own_assignment)
    assert data["progress"] == "0.00" or data["progress"] == str(Decimal(0))
    assert data["unit"] == own_assignment.unit_id


def test_record_names_the_system_when_no_user(task):
    entry = record(Actor.system(), "update_task", task, summary="x" * 400)
    assert entry.actor is None and entry.actor_name == "系统" and len(entry.summary) == 300
    assert entry.object_type == "plans.task" and entry.object_id == str(task.pk)


def test_each_act_writes_exactly_one_entry(supervisor, liaison, own_assignment):
    acts = [
        lambda: plan_services.acknowledge(Actor(liaison), own_assignment, responsible_person="张三"),
        lambda: report_services.start_report(Actor(liaison), own_assignment, period="2025-03"),
    ]
    for act in acts:
        before = AuditEntry.objects.count()
        act()
        assert AuditEntry.objects.count() == before + 1


def test_a_refused_act_writes_only_its_refusal(other_liaison, new_assignment):
    with pytest.raises(ServiceError):
        plan_services.acknowledge(Actor(other_liaison), new_assignment, responsible_person="张三")
    new_assignment.refresh_from_db()
    assert not new_assignment.is_acknowledged
    refusal = AuditEntry.objects.get()
    assert (refusal.action, refusal.actor_id) == ("access_denied", other_liaison.pk)


def test_a_failed_act_rolls_back_its_entry(supervisor, plan, monkeypatch):
    # If anything fails after the entry is written, the whole act — entry included — is undone.
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("luoshi.plans.services.plans.recompute_plan", boom)
    with pytest.raises(RuntimeError):
        plan_services.update_plan(Actor(supervisor), plan, rollup="mean")
    plan.refresh_from_db()
    assert plan.rollup == "weighted"
    assert not AuditEntry.objects.exists()
