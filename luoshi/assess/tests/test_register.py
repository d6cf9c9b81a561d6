"""The bonus register, 一票否决 and the brand pipeline."""

from datetime import date
from decimal import Decimal

import pytest

from luoshi.assess import scoring, services
from luoshi.assess.models import Bonus, BonusDocument, Brand
from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Task


def doc(number="统发〔2025〕1号", level="city", issuer="市委统战部"):
    return {
        "title": "关于表扬先进典型的通报",
        "number": number,
        "issuer": issuer,
        "level": level,
        "issued_on": date(2025, 5, 1),
    }


def test_a_document_counts_once(actor, scheme, own_unit):
    services.claim_bonus(actor, scheme, own_unit, achievement="典型经验", **doc())
    with pytest.raises(ServiceError, match="只计一次"):
        services.claim_bonus(actor, scheme, own_unit, achievement="另一说法", **doc())
    assert Bonus.objects.count() == 1


def test_the_same_achievement_counts_at_its_highest_level(actor, scheme, own_unit):
    services.claim_bonus(actor, scheme, own_unit, achievement="典型经验", **doc())
    bonus = services.claim_bonus(
        actor, scheme, own_unit, achievement="典型经验", **doc("省统发〔2025〕9号", "province", "省委统战部")
    )
    assert (Bonus.objects.count(), bonus.points, bonus.level) == (1, Decimal("2"), "province")
    with pytest.raises(ServiceError, match="只计一次"):
        services.claim_bonus(actor, scheme, own_unit, achievement="典型经验", **doc("统发〔2025〕7号"))


def test_bonuses_are_capped(actor, scheme, own_unit):
    for i in range(5):
        services.claim_bonus(
            actor,
            scheme,
            own_unit,
            achievement=f"事项{i}",
            **doc(f"国发〔2025〕{i}号", "national", "中央统战部"),
        )
    assert scoring.bonus_of(scheme)[own_unit.pk] == Decimal("10")


def test_a_bonus_needs_a_formal_document(actor, scheme, own_unit):
    with pytest.raises(ServiceError, match="正式文件"):
        services.claim_bonus(actor, scheme, own_unit, achievement="事项", **{**doc(), "number": ""})
    assert not BonusDocument.objects.exists()


def test_a_bonus_only_for_a_unit_under_the_scheme(actor, scheme, city):
    with pytest.raises(ServiceError, match="不是本方案的考核对象"):
        services.claim_bonus(actor, scheme, city, achievement="事项", **doc())


def test_a_brand_goes_from_nomination_to_the_bonus_register(actor, scheme, task, own_assignment, liaison):
    with pytest.raises(ServiceError, match="亮点任务"):
        services.nominate_brand(Actor(liaison), own_assignment, name="同心讲堂", outcome="覆盖全区")
    Task.objects.filter(pk=task.pk).update(tier=Task.Tier.HIGHLIGHT)
    own_assignment.refresh_from_db()
    brand = services.nominate_brand(
        Actor(liaison), own_assignment, name="同心讲堂", outcome="覆盖全区12个街道"
    )
    with pytest.raises(ServiceError, match="先审核通过"):
        services.recognise_brand(actor, brand, scheme, **doc())
    services.review_brand(actor, brand, accept=True, note="成效明显")
    brand = services.recognise_brand(
        actor, brand, scheme, **doc("省统发〔2025〕2号", "province", "省委统战部")
    )
    assert brand.status == Brand.Status.RECOGNISED
    bonus = Bonus.objects.get()
    assert (bonus.achievement, bonus.points, bonus.unit) == (
        "工作品牌：同心讲堂",
        Decimal("2"),
        own_assignment.unit,
    )
