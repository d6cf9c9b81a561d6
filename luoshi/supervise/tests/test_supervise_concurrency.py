"""Two copies of `luoshi supervise` at once, and a run killed half-way: each notice, notification and
message exists and is sent exactly once. The concurrent run needs PostgreSQL (SQLite runs one writer at a
time, so there is no race to lose); the killed run is checked on both databases."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
from django.db import connection, connections

from luoshi.notify import channels
from luoshi.notify.models import Delivery, Notification, UnitContact
from luoshi.notify.tests.servers import smtp_sink, wecom_robot
from luoshi.org.models import User
from luoshi.supervise import dispatch
from luoshi.supervise.models import Notice
from luoshi.supervise.run import supervise
from luoshi.tests import factories as f

UNITS = 24
CHASE_DAY = date(2025, 10, 9)  # the working day after 30 September (the National Day holiday between)


def _province(city, webhook: str) -> None:
    """UNITS districts, each with a liaison, a 分管领导 with e-mail and a group robot, and one assignment
    due on 30 September (reported in September, so only the 催办 step is due on CHASE_DAY)."""
    plan = f.PlanFactory(deploying_unit=city)
    task = f.TaskFactory(plan=plan, deadline=date(2025, 9, 30))
    for i in range(UNITS):
        unit = f.UnitFactory(name=f"第{i}区委统战部", short_name=f"第{i}区", parent=city, order=10 + i)
        User.objects.create(username=f"l{i}", role=User.Role.LIAISON, unit=unit, email=f"l{i}@example.cn")
        UnitContact.objects.create(
            unit=unit, leader_name=f"领导{i}", leader_email=f"leader{i}@example.cn", wecom_webhook=webhook
        )
        a = f.AssignmentFactory(task=task, unit=unit, assigned_on=date(2025, 9, 1), acknowledged=True)
        f.ReportFactory(assignment=a, period="2025-09", status="submitted")
        type(a).objects.filter(pk=a.pk).update(last_reported_at="2025-09-29T02:00Z")


def _smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port


def _assert_exactly_once(robot: list, sink) -> None:
    assert Notice.objects.count() == UNITS
    assert set(Notice.objects.values_list("kind", flat=True)) == {"chase"}
    # Per notice: the liaison (in-app and e-mail), the 分管领导 (e-mail), the unit's group (robot).
    per_topic = Counter(Notification.objects.values_list("topic", flat=True))
    assert len(per_topic) == UNITS and set(per_topic.values()) == {3}
    assert Delivery.objects.count() == UNITS * 4
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 0), ("sent", 1)}
    texts = Counter(message["text"]["content"] for message in robot)
    assert len(robot) == UNITS and set(texts.values()) == {1}
    recipients = Counter(r for m in sink.messages for r in m.rcpt_tos)
    assert len(recipients) == UNITS * 2 and set(recipients.values()) == {1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("copies", [2, 4])
def test_concurrent_runs_send_each_notice_exactly_once(city, settings, monkeypatch, copies):
    monkeypatch.setattr(dispatch, "BATCH", 3)  # many small claims, so the copies interleave
    with wecom_robot() as (robot, url), smtp_sink() as (sink, port):
        _province(city, url)
        _smtp(settings, port)
        barrier = threading.Barrier(copies)
        errors: list[str] = []

        def run():
            try:
                barrier.wait()
                supervise(CHASE_DAY)
            except Exception as exc:  # reported by the assertion below
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(copies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors
        assert not any(t.is_alive() for t in threads)
        _assert_exactly_once(robot, sink)


class Killed(BaseException):
    """Stands for the process being killed: not an Exception, so nothing on the way catches it."""


@pytest.mark.django_db(transaction=True)
def test_a_run_killed_half_way_is_finished_by_the_next_without_duplicates(city, settings, monkeypatch):
    monkeypatch.setattr(dispatch, "BATCH", 5)
    with wecom_robot() as (robot, url), smtp_sink() as (sink, port):
        _province(city, url)
        _smtp(settings, port)
        real_notice, real_robot = dispatch.messages_for, channels.WecomRobot.send
        calls = Counter()

        def dying_notice(*args, **kwargs):
            calls["notice"] += 1
            if calls["notice"] == 8:  # in the second batch of the dispatch stage
                raise Killed
            return real_notice(*args, **kwargs)

        monkeypatch.setattr(dispatch, "messages_for", dying_notice)
        with pytest.raises(Killed):
            supervise(CHASE_DAY)
        assert Notice.objects.count() == UNITS
        assert Notice.objects.filter(dispatched_at__isnull=False).count() == 5  # the first batch, whole
        assert Notification.objects.values("topic").distinct().count() == 5

        monkeypatch.setattr(dispatch, "messages_for", real_notice)

        def dying_robot(self, delivery):
            calls["robot"] += 1
            if calls["robot"] == 4:  # killed before the fourth message goes out
                raise Killed
            return real_robot(self, delivery)

        monkeypatch.setattr(channels.WecomRobot, "send", dying_robot)
        with pytest.raises(Killed):
            supervise(CHASE_DAY)
        assert len(robot) == 3
        monkeypatch.setattr(channels.WecomRobot, "send", real_robot)
        supervise(CHASE_DAY)
        supervise(CHASE_DAY)
        _assert_exactly_once(robot, sink)
