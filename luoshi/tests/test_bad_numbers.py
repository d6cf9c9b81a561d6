"""A huge id in a query string is a 400 with a Chinese message, never a 500 (SQLite overflows)."""

import pytest
from django.urls import reverse

from luoshi.conftest import login

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"


def test_a_huge_co_unit_id_on_the_assign_page(client, supervisor, task):
    response = login(client, supervisor).get(
        reverse("plans:task_assign", args=[task.pk]) + f"?picked=1&co={HUGE}"
    )
    assert response.status_code == 400
    assert "编号" in response.content.decode()


def test_a_huge_plan_id_on_the_dashboard(client, leader, plan, own_assignment):
    response = login(client, leader).get(reverse("supervise:dashboard") + f"?plan={HUGE}")
    assert response.status_code == 400
    assert "超出范围" in response.content.decode()
