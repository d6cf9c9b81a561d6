"""How the permission matrix builds the objects of the 督办事项 pages (luoshi.items): an item of each side's
deploying unit, a dispatched proposal, a file on a close-out. Used by test_permission_matrix.URLS."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.services import Actor
from luoshi.items import services
from luoshi.items.models import CloseOut, ItemFile, Source

PDF = b"%PDF-1.4\n%matrix\n"


def _deployer(cast, side):
    return cast.supervisor if side == "own" else cast.other_supervisor


def item(cast, side, source=Source.ASSIGNED, dispatched=False):
    who = _deployer(cast, side)
    made = services.register_item(
        Actor.system(),
        deploying_unit=who.unit,
        source=source,
        title=f"矩阵督办事项{side}",
        origin_author="上级机关",
        lead_units=[cast.unit_under(side)],
    )
    return services.approve_item(Actor.system(), made) if dispatched else made


def answered_proposal(cast, side):
    made = item(cast, side, Source.PROPOSAL, dispatched=True)
    return services.answer_proposal(Actor.system(), made, files=[pdf()])


def pdf(name="答复.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def new_item(cast, method, side):
    unit = cast.unit_under("own")
    data = {"source": "assigned", "urgency": "normal", "title": "新登记的事项", "origin_author": "省委"}
    return {}, "", {**data, "lead_units": [unit.pk]}


def new_meeting(cast, method, side):
    unit = cast.unit_under("own")
    data = {"meeting": "部务会", "urgency": "normal", "minutes": "一、做好调研\n二、筹备座谈会"}
    return {}, "", {**data, "lead_units": [unit.pk]}


def detail(cast, method, side):
    return {"pk": item(cast, side).pk}, "", {}


def review(cast, method, side):
    made = item(cast, side)
    return (
        {"pk": made.pk},
        "",
        {"decision": "approve", "title": made.title, "urgency": "normal", "due_on": made.due_on},
    )


def answer(cast, method, side):
    made = item(cast, side, Source.PROPOSAL, dispatched=True)
    return {"pk": made.pk}, "", {"files": [pdf()]}


def rate(cast, method, side):
    return {"pk": answered_proposal(cast, side).pk}, "", {"rating": "satisfied"}


def task_page(cast, method, side):
    return {"pk": cast.task_of(side).pk}, "", {}


def act(cast, method, side):
    data = {"title": "完成调研", "due_on": "2025-06-30"}
    return {"pk": cast.task_of(side).pk, "op": "milestone"}, "", data


def file(cast, method, side):
    task = cast.task_of(side)
    close_out = CloseOut.objects.create(assignment=task.assignments.first(), summary="已办结")
    row = ItemFile(
        purpose=ItemFile.Purpose.MATERIALS, close_out=close_out, original_name="材料.pdf", size=len(PDF)
    )
    row.sha256 = f"{close_out.pk:064d}"
    row.file.save(f"matrix-item-{close_out.pk}.pdf", ContentFile(PDF), save=False)
    row.save()
    return {"pk": row.pk}, "", {}


def resubmit(cast, method, side):
    made = services.reject_item(Actor.system(), item(cast, side), reason="请写明办理要求")
    data = {"urgency": "normal", "title": "修改后的事项", "origin_author": "上级机关"}
    return {"pk": made.pk}, "", {**data, "lead_units": [cast.unit_under(side).pk]}


URLS = {
    "items:list": lambda cast, method, side: ({}, "", {}),
    "items:new": new_item,
    "items:meeting": new_meeting,
    "items:detail": detail,
    "items:review": review,
    "items:answer": answer,
    "items:rate": rate,
    "items:task": task_page,
    "items:act": act,
    "items:file": file,
    "items:resubmit": resubmit,
}

TABLE = """
items:list                  GET    -      302  200   200   200   403   403   403
items:new                   GET    -      302  200   200   403   403   403   403
items:new                   POST   own    302  302w  200   403   403   403   403  # osup: unit not in scope
items:meeting               GET    -      302  200   200   403   403   403   403
items:meeting               POST   own    302  302w  200   403   403   403   403  # osup: unit not in scope
items:detail                GET    own    302  200   404   200   403   403   403
items:detail                GET    other  302  404   200   404   403   403   403
items:review                GET    own    x    x     x     405   x     x     x
items:review                POST   own    302  403   403   302w  403   403   403
items:review                POST   other  302  403   403   404   403   403   403
items:answer                GET    own    x    x     x     x     405   405   x
items:answer                POST   own    302  403   403   403   302w  404   403
items:rate                  GET    own    x    405   405   x     x     x     x
items:rate                  POST   own    302  302w  404   403   403   403   403
items:rate                  POST   other  302  404   302w  403   403   403   403
items:task                  GET    own    302  200   404   200   200   404   403
items:task                  GET    other  302  404   200   404   404   404   403
items:act                   GET    own    x    405   405   405   405   405   x
items:act                   POST   own    302  302w  404   403   403   403   403
items:act                   POST   other  302  404   302w  403   403   403   403
items:file                  GET    own    302  200   404   200   200   404   403
items:file                  GET    other  302  404   200   404   404   404   403
items:resubmit              GET    own    302  200   404   403   403   403   403
items:resubmit              GET    other  302  404   200   403   403   403   403
items:resubmit              POST   own    302  302w  404   403   403   403   403
items:resubmit              POST   other  302  404   302w  403   403   403   403
"""
