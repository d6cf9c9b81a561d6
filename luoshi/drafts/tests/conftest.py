import pytest

from luoshi.audit.services import Actor
from luoshi.drafts import services
from luoshi.tests import factories as f

SAMPLE = (
    "一、加强思想政治引领\n"
    "（一）深化理论学习。组织专题培训，全年培训200人次。（市民宗委牵头，市工商联、市侨联配合）6月底前完成。\n"
    "（二）健全工作机制。完善联系制度；建立台账。年底前完成。\n"
    "二、夯实基层基础\n"
    "（一）加强队伍建设。牵头单位：江岸区委统战部。\n"
)


@pytest.fixture
def actor(supervisor):
    return Actor(user=supervisor, ip="127.0.0.1")


@pytest.fixture
def colleague(city):
    """A second supervisor of the deploying unit, editing the same draft."""
    return Actor(user=f.UserFactory(role="supervisor", unit=city), ip="127.0.0.2")


@pytest.fixture
def mzw(city):
    return f.UnitFactory(
        name="市民族宗教事务委员会", short_name="市民宗委", aliases="民宗委", parent=city, order=10
    )


@pytest.fixture
def gsl(city):
    return f.UnitFactory(name="市工商业联合会", short_name="市工商联", parent=city, order=11)


@pytest.fixture
def draft(actor, city, mzw, gsl, own_unit):
    return services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=SAMPLE)
