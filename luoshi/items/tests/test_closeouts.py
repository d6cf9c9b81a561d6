from decimal import Decimal

import pytest

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import CloseOut, ItemFile
from luoshi.lib.errors import ServiceError
from luoshi.plans.models import Plan, Task

from .conftest import pdf


def _ask(liaison, task):
    lead = task.assignments.get(role="lead")
    return services.request_close_out(Actor(liaison), lead, summary="座谈会已召开，问题已解决", files=[pdf()])


def test_sign_off_completes_the_task_at_100(future_task, liaison, supervisor):
    close_out = _ask(liaison, future_task)
    services.verify_close_out(
        Actor(supervisor), close_out, approve=True, method="documents", verification="材料齐全"
    )
    future_task.refresh_from_db()
    assert (future_task.status, future_task.progress, future_task.light) == (
        Task.Status.COMPLETED,
        Decimal("100.00"),
        "green",
    )
    assert "销号" in future_task.progress_override_note
    assert CloseOut.objects.get().status == CloseOut.Status.CLOSED


def test_a_co_unit_cannot_close(future_task, other_liaison):
    co = future_task.assignments.get(role="co")
    with pytest.raises(ServiceError, match="配合单位不能申请办结"):
        services.request_close_out(Actor(other_liaison), co, summary="已完成", files=[pdf()])
    assert not CloseOut.objects.exists() and not ItemFile.objects.exists()


def test_materials_are_required_and_checked(future_task, liaison):
    lead = future_task.assignments.get(role="lead")
    with pytest.raises(ServiceError, match="办结材料"):
        services.request_close_out(Actor(liaison), lead, summary="已完成", files=[])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ServiceError, match="内容与扩展名不符"):
        services.request_close_out(Actor(liaison), lead, summary="已完成", files=[fake])
    assert not CloseOut.objects.exists()


def test_a_site_visit_brings_evidence(future_task, liaison, supervisor):
    close_out = _ask(liaison, future_task)
    with pytest.raises(ServiceError, match="复核佐证"):
        services.verify_close_out(
            Actor(supervisor), close_out, approve=True, method="site_visit", verification="已核"
        )
    services.verify_close_out(
        Actor(supervisor),
        close_out,
        approve=True,
        method="site_visit",
        verification="现场查看",
        files=[pdf("照片.pdf")],
    )
    assert ItemFile.objects.filter(purpose="verification").count() == 1


def test_return_needs_a_reason_and_a_new_request_may_follow(future_task, liaison, supervisor):
    close_out = _ask(liaison, future_task)
    with pytest.raises(ServiceError, match="理由"):
        services.verify_close_out(Actor(supervisor), close_out, approve=False)
    services.verify_close_out(Actor(supervisor), close_out, approve=False, reason="缺少会议纪要")
    future_task.refresh_from_db()
    assert future_task.status == Task.Status.ACTIVE
    assert _ask(liaison, future_task).status == CloseOut.Status.REQUESTED


def test_reopen_puts_the_task_back_with_its_earlier_progress(future_task, liaison, supervisor):
    from luoshi.plans import services as plans

    plans.override_progress(Actor(supervisor), future_task, progress=Decimal(40), note="按实际调整")
    close_out = _ask(liaison, future_task)
    services.verify_close_out(
        Actor(supervisor), close_out, approve=True, method="documents", verification="齐全"
    )
    with pytest.raises(ServiceError, match="理由"):
        services.reopen_task(Actor(supervisor), future_task, reason="")
    services.reopen_task(Actor(supervisor), future_task, reason="群众再次反映")
    future_task.refresh_from_db()
    assert (future_task.status, future_task.progress, future_task.progress_override_note) == (
        Task.Status.ACTIVE,
        Decimal("40.00"),
        "按实际调整",
    )
    assert CloseOut.objects.get().status == CloseOut.Status.REOPENED


def test_a_failed_sign_off_writes_nothing(future_task, liaison, supervisor):
    """The plan archived meanwhile: the sign-off is refused whole (no file, no status change)."""
    close_out = _ask(liaison, future_task)
    Plan.objects.filter(pk=future_task.plan_id).update(status=Plan.Status.ARCHIVED)
    with pytest.raises(ServiceError):
        services.verify_close_out(
            Actor(supervisor),
            close_out,
            approve=True,
            method="figures",
            verification="已核",
            files=[pdf("表.pdf")],
        )
    close_out.refresh_from_db()
    assert close_out.status == CloseOut.Status.REQUESTED
    assert not ItemFile.objects.filter(purpose="verification").exists()


def test_an_item_is_archived_after_sign_off(item, liaison, supervisor):
    with pytest.raises(ServiceError, match="尚未销号"):
        services.archive_item(Actor(supervisor), item)
    close_out = _ask(liaison, item.task)
    services.verify_close_out(
        Actor(supervisor), close_out, approve=True, method="documents", verification="齐全"
    )
    item.task.refresh_from_db()
    services.archive_item(Actor(supervisor), item)
    item.plan.refresh_from_db()
    assert item.plan.status == Plan.Status.ARCHIVED
    with pytest.raises(ServiceError, match="已归档"):
        services.reopen_task(Actor(supervisor), item.task, reason="再看看")
