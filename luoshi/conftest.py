"""The fixed cast every test can use (like healthchecks' alice/bob/charlie).

`city` is the deploying unit; `own_unit` and `other_unit` are two districts. `plan` is a published plan of
the city with one task assigned to `own_unit` (lead) — `own_assignment` — and one to `other_unit` —
`other_assignment`. Each has a submitted report: `own_report`, `other_report`.
"""

import pytest
from django.contrib.auth.hashers import make_password

from luoshi.org.models import Unit, User
from luoshi.tests import factories as f


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _parse_in_the_test(settings, tmp_path):
    """A detached parse could not see the test database: intake parses run to the end inside the request
    (still in their limited child process), on a media directory of the test's own."""
    settings.INTAKE_PARSE_DETACHED = False
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city(db):
    return f.UnitFactory(name="某市委统战部", short_name="市委统战部", kind=Unit.Kind.DEPARTMENT, order=0)


@pytest.fixture
def other_city(db):
    return f.UnitFactory(name="另一市委统战部", short_name="另一统战部", kind=Unit.Kind.DEPARTMENT, order=900)


@pytest.fixture
def own_unit(city):
    return f.UnitFactory(name="江岸区委统战部", short_name="江岸区", parent=city, order=1)


@pytest.fixture
def other_unit(city):
    return f.UnitFactory(name="江汉区委统战部", short_name="江汉区", parent=city, order=2)


def _user(username, role, unit, **extra):
    return User.objects.create(
        username=username,
        display_name=username,
        role=role,
        unit=unit,
        password=make_password("luoshi-test"),
        **extra,
    )


@pytest.fixture
def supervisor(city):
    return _user("duban", User.Role.SUPERVISOR, city)


@pytest.fixture
def other_supervisor(other_city):
    return _user("duban2", User.Role.SUPERVISOR, other_city)


@pytest.fixture
def leader(city):
    return _user("lingdao", User.Role.LEADER, city)


@pytest.fixture
def liaison(own_unit):
    return _user("jiangan", User.Role.LIAISON, own_unit)


@pytest.fixture
def other_liaison(other_unit):
    return _user("jianghan", User.Role.LIAISON, other_unit)


@pytest.fixture
def sysadmin(db):
    return _user("sysadmin", User.Role.SYSADMIN, None, is_staff=True)


@pytest.fixture
def plan(city):
    return f.PlanFactory(deploying_unit=city, title="2025年统战工作要点")


@pytest.fixture
def task(plan):
    return f.TaskFactory(plan=plan, code="1", title="深化凝心工程")


@pytest.fixture
def other_task(plan):
    return f.TaskFactory(plan=plan, code="2", title="深化聚力工程")


@pytest.fixture
def own_assignment(task, own_unit):
    """Acknowledged (签收) already, as an assignment must be before its unit reports on it."""
    return f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True)


@pytest.fixture
def new_assignment(task, own_unit):
    """The own unit's assignment as it arrives: not yet acknowledged."""
    return f.AssignmentFactory(task=task, unit=own_unit)


@pytest.fixture
def other_assignment(other_task, other_unit):
    return f.AssignmentFactory(task=other_task, unit=other_unit, acknowledged=True)


@pytest.fixture
def own_report(own_assignment, liaison):
    return f.ReportFactory(assignment=own_assignment, status="submitted", created_by=liaison)


@pytest.fixture
def other_report(other_assignment, other_liaison):
    return f.ReportFactory(assignment=other_assignment, status="submitted", created_by=other_liaison)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture(autouse=True, scope="session")
def _flush_passes_the_audit_triggers():
    """Transactional tests end with Django's `flush`, which empties every table: PostgreSQL truncates,
    SQLite deletes; the audit table's triggers refuse both. Only here, in the test suite, the flush drops
    the audit triggers, empties the tables and recreates the triggers, all in the flush's one transaction.
    The application has no such path: in production the triggers hold unconditionally."""
    from django.db import connection

    from luoshi.audit import triggers

    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        if triggers.TABLE not in tables:
            return sql
        vendor = self.connection.vendor
        return [
            *triggers.statements(triggers.DROP, vendor),
            *sql,
            *triggers.statements(triggers.CREATE, vendor),
        ]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = original
