"""The founding meeting's report, pasted as it is, becomes a plan a supervisor can publish."""

from luoshi.drafts import services
from luoshi.drafts import tree as T
from luoshi.plans.models import Plan, Task
from luoshi.tests.factories import lead_unassigned
from luoshi.tests.shared import shared_path


def test_founding_document_becomes_a_published_plan(actor, city, own_unit):
    text = shared_path("corpus/dev/wuhan-tongzhan-2023.txt").read_text(encoding="utf-8")
    draft = services.create_draft_from_text(actor, deploying_unit=city, title="", year=2023, text=text)

    assert draft.title == "全市统战部长会议"
    assert draft.meeting["speakers"][0]["name"] == "胡勇政"
    titles = [n["title"] for n, *_ in T.walk(draft.tree)]
    for head in ("深化“凝心”工程", "深化“聚力”工程", "深化“固本”工程", "深化“强基”工程", "坚持目标导向"):
        assert head in titles
    review = [n for n, *_ in T.walk(draft.tree) if n.get("section") == "review"]
    assert review and all(n["guidance"] for n in review)  # last year's summary is not assigned

    # The meeting's opening paragraph is kept for reference, not assigned.
    opening = next(n for n in draft.tree if n["title"].startswith("全市统战部长会议"))
    assert opening["guidance"]
    # What a supervisor does: give the rest to a unit it supervises (never to itself).
    draft = lead_unassigned(actor, draft, own_unit)
    assert services.publish_problems(draft) == []
    plan = services.publish_draft(actor, draft)

    assert plan.status == Plan.Status.PUBLISHED
    tasks = Task.objects.filter(plan=plan)
    assert tasks.count() == T.count(draft.tree)
    ningxin = tasks.get(title="深化“凝心”工程")
    assert plan.source_text[ningxin.source_start : ningxin.source_end].lstrip("，；。 ").startswith("深化")
