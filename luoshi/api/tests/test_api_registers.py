"""The registers through the API: the same scope as the register pages, filters checked against the
register's own choices (a wrong value is a 422 in Chinese, not an empty list)."""

from datetime import date, timedelta

from luoshi.audit.services import Actor
from luoshi.registers import services

from .test_api import get, key_for


def _risk(supervisor, owner, **extra):
    data = {
        "title": "涉台网络谣言在统战对象中传播",
        "area": "network",
        "level": "major",
        "measures": "建立舆情日监测机制",
        "resolve_by": date.today() + timedelta(days=60),
        "review_dates": [date.today() + timedelta(days=20)],
    }
    return services.register_risk(
        Actor(supervisor), deploying_unit=supervisor.unit, owner_unit=owner, **{**data, **extra}
    )


def test_a_liaison_reads_only_the_risks_their_unit_owns(client, supervisor, liaison, own_unit, other_unit):
    own = _risk(supervisor, own_unit)
    other = _risk(supervisor, other_unit, title="另一单位的风险")
    key = key_for(liaison)
    listed = get(client, "risks", key).json()
    assert [r["id"] for r in listed["items"]] == [own.pk] and listed["count"] == 1
    row = listed["items"][0]
    assert (row["status"], row["level"], row["owner_unit_id"], row["light"]) == (
        "controlled",
        "major",
        own_unit.pk,
        "green",
    )
    assert row["resolve_by"] == own.task.deadline.isoformat()
    assert get(client, f"risks/{own.pk}", key).status_code == 200
    refused = get(client, f"risks/{other.pk}", key)
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"


def test_the_supervisor_filters_by_level_and_status(
    client, supervisor, own_unit, other_unit, other_supervisor
):
    _risk(supervisor, own_unit)
    general = _risk(supervisor, other_unit, title="一般风险", level="general")
    key = key_for(supervisor)
    assert [r["id"] for r in get(client, "risks", key, level="general").json()["items"]] == [general.pk]
    assert get(client, "risks", key, status="resolved").json()["count"] == 0
    bad = get(client, "risks", key, level="huge")
    assert bad.status_code == 422 and "不是允许的取值" in bad.json()["detail"]
    assert get(client, "risks", key_for(other_supervisor)).json()["count"] == 0


def test_representatives_come_masked_and_only_to_the_managing_unit(
    client, supervisor, liaison, other_supervisor
):
    from luoshi.registers.tests.test_representatives import ID_1, _add

    person = _add(supervisor)
    listed = get(client, "representatives", key_for(supervisor), stage="reserve").json()
    assert [p["id"] for p in listed["items"]] == [person.pk]
    body = get(client, f"representatives/{person.pk}", key_for(supervisor)).content.decode()
    assert ID_1 not in body and "13812345678" not in body and "138****5678" in body
    assert get(client, "representatives", key_for(liaison)).json()["count"] == 0
    assert get(client, f"representatives/{person.pk}", key_for(other_supervisor)).status_code == 404
