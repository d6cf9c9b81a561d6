"""The auditor's page lists entries by sequence number and says whether the chain holds."""

import pytest
from django.db import connection
from django.urls import reverse

from luoshi.audit import triggers
from luoshi.audit.services import Actor, record
from luoshi.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor", password="x", role=User.Role.AUDITOR, is_staff=True)


def test_the_page_shows_sequence_and_an_intact_chain(client, auditor, task, supervisor):
    for _ in range(3):
        record(Actor(supervisor), "update_task", task, summary="修改任务")
    client.force_login(auditor)  # the login is entry 4
    html = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert 'id="chain-status"' in html and "哈希链完好：全部 4 条记录" in html
    assert "column-seq" in html and "修改任务" in html


def test_the_page_names_a_broken_entry(client, auditor, task, supervisor):
    for _ in range(3):
        record(Actor(supervisor), "update_task", task, summary="修改任务")
    with connection.cursor() as cursor:
        for statement in triggers.statements(triggers.DROP, connection.vendor):
            cursor.execute(statement)
        cursor.execute("UPDATE audit_auditentry SET actor_name = %s WHERE seq = 2", ["别人"])
    client.force_login(auditor)
    html = client.get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert "哈希链断开：第 2 条" in html and "操作人" in html
