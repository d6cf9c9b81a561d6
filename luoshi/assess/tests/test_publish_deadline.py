"""A scheme is published and frozen before the year it scores starts; later, only a new version with its
reason may be published (issue 10: "published and frozen before the year starts; any later change is a
new, visible version with its reason")."""

import datetime

import pytest
from django.utils import timezone

from luoshi.assess import services
from luoshi.assess.models import Assessment, Scheme
from luoshi.lib.errors import ServiceError

from .conftest import PUBLISHED_ON, TODAY


def test_a_first_version_after_the_year_has_begun_is_refused(actor, draft_scheme):
    with pytest.raises(ServiceError, match="考核方案应在考核年度开始前发布并冻结（本方案最迟2025年1月1日）"):
        services.publish_scheme(actor, draft_scheme, today=TODAY)
    draft_scheme.refresh_from_db()
    assert draft_scheme.status == Scheme.Status.DRAFT and not draft_scheme.published_at
    assert not Assessment.objects.filter(scheme=draft_scheme).exists()


def test_before_the_year_it_is_published(actor, draft_scheme):
    scheme = services.publish_scheme(actor, draft_scheme, today=PUBLISHED_ON)
    assert scheme.status == Scheme.Status.PUBLISHED


def test_a_plan_that_goes_out_during_the_year_takes_its_scheme_the_same_day(actor, draft_scheme):
    plan = draft_scheme.plan
    plan.starts_on = None
    plan.published_at = timezone.make_aware(datetime.datetime(2025, 3, 10, 9))
    plan.save()
    draft_scheme.refresh_from_db()
    assert services.publish_deadline(draft_scheme) == datetime.date(2025, 3, 10)
    with pytest.raises(ServiceError, match="最迟2025年3月10日"):
        services.publish_scheme(actor, draft_scheme, today=datetime.date(2025, 3, 11))
    services.publish_scheme(actor, draft_scheme, today=datetime.date(2025, 3, 10))


def test_a_new_version_with_its_reason_is_published_during_the_year(actor, scheme):
    new = services.revise_scheme(actor, scheme, reason="市委要求增加信息报送指标")
    published = services.publish_scheme(actor, new, today=TODAY)
    assert (published.status, published.version, published.change_reason) == (
        Scheme.Status.PUBLISHED,
        2,
        "市委要求增加信息报送指标",
    )
