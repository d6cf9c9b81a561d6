"""The assessment pages: what they show, and bad input coming back as a Chinese message with nothing
half-written."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from luoshi.assess import services
from luoshi.assess.models import Appeal, Assessment, Bonus, Scheme, ScoreLine
from luoshi.audit.services import Actor


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def own(scheme, own_unit) -> Assessment:
    return Assessment.objects.get(scheme=scheme, unit=own_unit)


def test_the_ranking_lists_units_with_links_to_their_scores(client, supervisor, scheme, own):
    client.force_login(supervisor)
    page = client.get(reverse("assess:ranking", args=[scheme.pk])).content.decode()
    assert "江岸区" in page and "江汉区" in page
    assert reverse("assess:unit", args=[own.pk]) in page
    assert 'id="assess-ranking-data"' in page


def test_a_unit_page_drills_down_to_the_report(client, actor, supervisor, scheme, own, own_report):
    own_report.status, own_report.submitted_at = "accepted", timezone.now().replace(year=2025, month=4, day=2)
    own_report.save()
    services.recompute_scores(actor, scheme)
    client.force_login(supervisor)
    page = client.get(reverse("assess:unit", args=[own.pk])).content.decode()
    assert reverse("reports:report_review", args=[own_report.pk]) in page


def test_text_in_a_score_is_refused_and_nothing_saved(client, liaison, own):
    line = own.lines.get(indicator__name="序时进度")
    client.force_login(liaison)
    response = client.post(
        reverse("assess:self_assess", args=[own.pk]),
        {f"line-{line.indicator_id}": "满分", "revision": own.revision, "submit": "1"},
    )
    assert any("应为数字" in m for m in messages_of(response))
    assert not ScoreLine.objects.filter(self_score__isnull=False).exists()
    assert Assessment.objects.get(pk=own.pk).self_submitted_at is None


def test_an_appeal_after_publicity_is_refused_on_the_page(client, actor, liaison, scheme, own):
    opinion = scheme.indicators.get(name="领导评价")
    for a in scheme.assessments.all():
        services.rate(actor, opinion, a.unit, evaluator="部长", score="30", reason="较好")
    for stage in (Scheme.Stage.REVIEW, Scheme.Stage.APPROVED, Scheme.Stage.PUBLICITY):
        services.advance(actor, scheme, stage)
    Scheme.objects.filter(pk=scheme.pk).update(publicity_ends_on=timezone.localdate() - timedelta(days=1))
    line = own.lines.get(indicator__name="按时报送")
    client.force_login(liaison)
    response = client.post(reverse("assess:appeal", args=[line.pk]), {"reason": "报送时间有误"})
    assert any("公示期已结束" in m for m in messages_of(response))
    assert not Appeal.objects.exists()


def test_a_document_claimed_twice_is_refused_on_the_page(client, supervisor, scheme, own_unit):
    data = {
        "unit": own_unit.pk,
        "achievement": "经验推广",
        "title": "关于推广经验的通知",
        "number": "统发〔2025〕3号",
        "issuer": "省委统战部",
        "level": "province",
        "issued_on": "2025-05-01",
    }
    client.force_login(supervisor)
    url = reverse("assess:register", args=[scheme.pk, "bonus"])
    client.post(url, data)
    response = client.post(url, {**data, "achievement": "换个说法"})
    assert any("只计一次" in m for m in messages_of(response))
    assert Bonus.objects.count() == 1


def test_a_review_from_a_stale_page_is_refused_on_the_page(client, actor, supervisor, scheme, own):
    services.advance(actor, scheme, Scheme.Stage.REVIEW)
    own.refresh_from_db()
    seen = own.revision
    first, second = own.lines.order_by("pk")[:2]
    services.review_line(Actor(supervisor), first, score="10", reason="核减", revision=seen)
    client.force_login(supervisor)
    response = client.post(
        reverse("assess:review", args=[second.pk]), {"score": "5", "reason": "核减", "revision": seen}
    )
    assert any("已被他人修改" in m for m in messages_of(response))
    assert ScoreLine.objects.get(pk=second.pk).reviewed is None


def test_an_unknown_operation_is_not_found(client, supervisor, scheme):
    client.force_login(supervisor)
    assert client.post(reverse("assess:scheme_edit", args=[scheme.pk, "delete"])).status_code == 404
