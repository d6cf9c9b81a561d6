"""A plan's 任务分解表 as Excel, written by the same writer as an intake draft's (luoshi.intake.export_xlsx):
every task that is not cancelled, in tree order, lead and co-operating units in official order, the
deadline as a date with the words as written, targets with their metric, tier (or 工作要求) and weight."""

from __future__ import annotations

import io

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from luoshi.intake.export_xlsx import DivisionRow, content_of, table_title, write_rows
from luoshi.lib.cndates import cn_deadline
from luoshi.lib.codes import code_sort_key

from .models import Assignment, Plan, Task

GUIDANCE = "工作要求"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def division_rows(plan: Plan) -> list[DivisionRow]:
    tasks = list(
        Task.objects.filter(plan=plan)
        .exclude(status=Task.Status.CANCELLED)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").order_by("unit__order", "unit__id"),
            ),
            "targets",
        )
    )
    parents = {t.parent_id for t in tasks}
    rows = []
    for task in sorted(tasks, key=lambda t: (code_sort_key(t.code), t.position, t.pk)):
        units = {
            role: [a.unit.name for a in task.assignments.all() if a.role == role] for role in Assignment.Role
        }
        rows.append(
            DivisionRow(
                code=task.code,
                title=task.title,
                content=content_of(task.title, task.description),
                lead=units[Assignment.Role.LEAD],
                co=units[Assignment.Role.CO],
                deadline=cn_deadline(task.deadline, task.deadline_text),
                targets=[str(t) for t in task.targets.all()],
                tier=GUIDANCE if task.is_guidance else task.get_tier_display(),
                weight=f"{task.weight.normalize():f}",
                has_children=task.pk in parents,
            )
        )
    return rows


def division_table(plan: Plan) -> bytes:
    return workbook(division_rows(plan), plan.title)


def workbook(rows: list[DivisionRow], title: str) -> bytes:
    stream = io.BytesIO()
    write_rows(rows, stream, title=table_title(title))
    return stream.getvalue()


def download(rows: list[DivisionRow], title: str) -> HttpResponse:
    """The table as an .xlsx download named after its title (a plan's or an intake draft's)."""
    response = HttpResponse(workbook(rows, title), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{table_title(title)}.xlsx")
    return response
