"""The plan's 甘特图: lines and their tasks with start, deadline, progress and light as chart data; only
the tasks the reader may see."""

import json
import re

from luoshi.tests import factories as f


def _data(page: str) -> dict:
    match = re.search(r'<script id="gantt-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_the_chart_data_are_the_plans_tasks(client, supervisor, plan, task, other_task):
    f.TaskFactory(plan=plan, parent=task, depth=2, code="1.1", title="专题培训")
    f.TaskFactory(plan=plan, code="9", title="工作要求", is_guidance=True)
    client.force_login(supervisor)
    page = client.get(f"/plans/{plan.pk}/gantt/").content.decode()
    rows = _data(page)["rows"]
    assert [r["code"] for r in rows] == ["1", "1.1", "2"]
    assert rows[0]["start"] == "2025-01-01" and rows[0]["end"] == "2025-12-31"
    assert "A4横向" in page


def test_a_district_sees_only_its_own_tasks_of_the_city_plan(
    client, own_unit, own_assignment, other_task, plan
):
    from luoshi.org.models import User

    from ..conftest import _user

    district = _user("district-duban", User.Role.SUPERVISOR, own_unit)
    client.force_login(district)
    rows = _data(client.get(f"/plans/{plan.pk}/gantt/").content.decode())["rows"]
    assert [r["code"] for r in rows] == [own_assignment.task.code]
