import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import Source, Urgency
from luoshi.tests import factories as f

PDF = b"%PDF-1.4\n%test\n"


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def future_task(plan, own_unit, other_unit):
    """A task due well after today, led by the own unit with the other unit co-operating."""
    task = f.TaskFactory(
        plan=plan,
        code="9",
        title="推进同心工程",
        deadline=datetime.date.today() + datetime.timedelta(days=60),
    )
    f.AssignmentFactory(task=task, unit=own_unit, acknowledged=True)
    f.AssignmentFactory(task=task, unit=other_unit, role="co", acknowledged=True)
    return task


@pytest.fixture
def pending_item(supervisor, own_unit, other_unit):
    return services.register_item(
        Actor(supervisor),
        deploying_unit=supervisor.unit,
        source=Source.INSTRUCTION,
        urgency=Urgency.URGENT,
        title="抓紧解决民营企业反映的融资难问题",
        content="请统战部牵头，会同相关部门抓紧研究解决。",
        origin_author="王书记",
        origin_date=datetime.date.today(),
        lead_units=[own_unit],
        co_units=[other_unit],
    )


@pytest.fixture
def item(pending_item, leader):
    return services.approve_item(Actor(leader), pending_item)
