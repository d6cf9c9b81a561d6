"""The demo walks the 督办 loop: a 批示 item to 归档, a meeting's decisions, a proposal rated, and on the
founding plan an approved and a refused extension, a close-out with 复核 and a reopened task."""

from datetime import date

import pytest
from django.db import transaction

from luoshi.demo.loader import load_demo
from luoshi.items.models import CloseOut, Extension, Item, Source
from luoshi.plans.models import Plan, Task

DEMO_DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = load_demo(DEMO_DAY, history_months=1)
        yield loaded
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_instruction_went_from_approval_to_archive(demo):
    item = Item.objects.get(source=Source.INSTRUCTION)
    assert item.reviewed_by.username == "lingdao"
    assert item.task.status == Task.Status.COMPLETED and item.plan.status == Plan.Status.ARCHIVED
    assert item.task.assignments.get(role="lead").reports.filter(status="accepted").exists()
    assert CloseOut.objects.get(assignment__task=item.task).method == "site_visit"


def test_the_minutes_became_three_items_one_waiting_for_the_leader(demo):
    meeting = Item.objects.filter(source=Source.MEETING).order_by("serial")
    assert meeting.count() == 3
    assert [i.status for i in meeting] == ["dispatched", "dispatched", "pending"]


def test_the_proposal_was_answered_and_rated(demo):
    item = Item.objects.get(source=Source.PROPOSAL)
    assert item.answered_at and item.rating == Item.Rating.BASICALLY
    assert item.files.filter(purpose="answer").exists()


def test_the_founding_plan_shows_extensions_close_out_and_reopening(demo):
    on_plan = {"assignment__task__plan": demo.plan}
    assert set(Extension.objects.filter(**on_plan).values_list("status", flat=True)) == {
        "approved",
        "refused",
    }
    extended = Extension.objects.get(status="approved", **on_plan).assignment
    assert extended.original_due_on is not None and extended.due_on > extended.original_due_on
    assert set(CloseOut.objects.filter(**on_plan).values_list("status", flat=True)) == {"closed", "reopened"}
    assert Item.objects.filter(is_demo=False).count() == 0
