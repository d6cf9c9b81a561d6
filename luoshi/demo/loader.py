"""Load the demo into an empty database: units, accounts, the plan, and months of progress.

Everything about the plan and its reports goes through the services, acting as the demo people (督办员
`duban` builds, assigns, publishes and reviews; each unit's liaison acknowledges and reports), so the audit
record looks exactly as it would after real use. Units and accounts are administrators' data, created
directly. Random choices come from a fixed seed: the same day gives the same demo.

The plan's year is the current year. Reports cover the last few months up to this one, shaped so that
lights come out mixed: most units on schedule, some behind, a few returned, one overdue.
"""

from __future__ import annotations

import calendar
import io
import random
from base64 import b32encode
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from luoshi.audit.services import Actor
from luoshi.org.models import Unit, User
from luoshi.plans import services as plan_services
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.plans.progress.lights import expected_progress
from luoshi.plans.progress.recompute import refresh_lights
from luoshi.reports import services as report_services
from luoshi.reports.models import Report

from . import data, sources
from .assessment import load_assessment
from .cascade import Cascade, load_cascade, load_duties
from .chasing import show_chasing
from .items import load_items
from .registers import load_registers, load_representatives

SEED = 2023
HISTORY_MONTHS = 5  # the current month and the four before it (fewer early in the year)


@dataclass
class Demo:
    """What was loaded, for the command's printout and for tests."""

    plan: Plan
    city: Unit
    units: dict[str, Unit]
    people: dict[str, User]
    reports: int = 0
    notes: list[str] = field(default_factory=list)
    loop: list[str] = field(default_factory=list)  # the 督办 loop's scenes (luoshi.demo.items)
    schemes: dict = field(default_factory=dict)
    # The administrators' TOTP secrets (base32), printed by `luoshi demo` so the demo still walks in.
    secrets: dict[str, str] = field(default_factory=dict)
    cascade: Cascade | None = None  # 上下联动: streets, communities and the two-level cascade


def load_demo(today: date | None = None, history_months: int = HISTORY_MONTHS) -> Demo:
    """Load the whole demo as of `today` (default: the local date) into an empty database, with reports
    for the last `history_months` months of the year (tests ask for fewer, to be quick)."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    # All or nothing: a load that fails half-way leaves no half-demo behind.
    founding = sources.founding_document()
    notes = [] if founding else [sources.missing_note()]
    with transaction.atomic():
        city, units = _create_units()
        people = _create_people(city, units)
        plan = _create_plan(today.year, city, units, people["duban"], founding)
        demo = Demo(plan=plan, city=city, units=units, people=people, notes=notes)
        demo.secrets = _authenticators(people)
        _progress(demo, today, rng, history_months)
        demo.loop = load_items(demo, today)
        Report.objects.filter(assignment__task__plan=plan).update(is_demo=True)
        demo.cascade = load_cascade(units, plan)
        load_duties(plan, city, people["duban"])
        refresh_lights(today=today)
        show_chasing(demo, today)
        liaisons = {u.short_name: people[key] for key, u in units.items()}
        demo.schemes = load_assessment(plan, people["duban"], liaisons, today)
        demo.loop += load_registers(demo, today)
        demo.loop += load_representatives(demo, today)
    plan.refresh_from_db()
    return demo


# Units and people ----------------------------------------------------------------------------------------


def _create_units() -> tuple[Unit, dict[str, Unit]]:
    city = Unit.objects.create(order=0, **data.CITY)
    units = {}
    for order, u in enumerate(data.UNITS, start=1):
        units[u.key] = Unit.objects.create(
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            aliases=u.aliases,
            parent=city,
            order=order * 10,
        )
    return city, units


def _create_people(city: Unit, units: dict[str, Unit]) -> dict[str, User]:
    # One hash for everyone: hashing the same password twenty-five times would only slow the demo down.
    password = make_password(data.PASSWORD)
    people = {}
    for p in data.PEOPLE:
        unit = city if p.unit == "city" else units.get(p.unit)
        people[p.username] = User.objects.create(
            username=p.username,
            display_name=p.display_name,
            role=p.role,
            unit=unit,
            phone=p.phone,
            password=password,
            is_staff=p.role in User.ADMIN_ROLES,
            is_demo=True,  # exempt from the forced first-login change and expiry, so the demo walks in
        )
    return people


def _authenticators(people: dict[str, User]) -> dict[str, str]:
    """The three administrators must give a TOTP code at login (LUOSHI_2FA): each gets an authenticator
    with a fresh random key, printed with the accounts, to add to an authenticator app."""
    secrets = {}
    for person in people.values():
        if person.role in User.ADMIN_ROLES:
            device = TOTPDevice.objects.create(user=person, name="演示身份验证器", confirmed=True)
            secrets[person.username] = b32encode(device.bin_key).decode()
    return secrets


# The plan ------------------------------------------------------------------------------------------------


def deadline_for(text: str, year: int) -> date | None:
    if not text:
        return None
    month, day = data.DEADLINES[text]
    return date(year, month, day)


def _create_plan(
    year: int, city: Unit, units: dict[str, Unit], supervisor: User, founding: str | None = None
) -> Plan:
    """The plan, its tasks and assignments. With the founding meeting's report (`founding`), the report is
    the plan's source text and every task points at its sentence in it (see `sources`)."""
    actor = Actor(user=supervisor)
    plan = plan_services.create_plan(
        actor,
        title=data.PLAN_TITLE.format(year=year),
        year=year,
        deploying_unit=city,
        source_text=founding or data.PLAN_SUMMARY,
        starts_on=date(year, 1, 1),
    )
    Plan.objects.filter(pk=plan.pk).update(is_demo=True)
    spans = sources.locate(data.PLAN, founding) if founding else {}

    def add(node: data.DemoTask, parent: Task | None, path: tuple[int, ...]) -> None:
        span = spans.get(path)
        task = plan_services.add_task(
            actor,
            plan,
            title=node.title,
            parent=parent,
            description=node.description,
            tier=node.tier,
            weight=Decimal(node.weight),
            deadline=deadline_for(node.deadline, year),
            deadline_text=node.deadline,
            is_guidance=node.guidance,
            targets=[{"metric": m, "target_value": Decimal(v), "unit": u} for m, v, u in node.targets],
            source_start=span.start if span else None,
            source_end=span.end if span else None,
        )
        if node.lead or node.co:
            plan_services.assign(
                actor, task, lead_units=[units[k] for k in node.lead], co_units=[units[k] for k in node.co]
            )
        for i, child in enumerate(node.children):
            add(child, task, (*path, i))

    for i, node in enumerate(data.PLAN):
        add(node, None, (i,))
    return plan_services.publish_plan(actor, plan)


# Progress ------------------------------------------------------------------------------------------------


def _scene(assignment: Assignment) -> str:
    """The fixed scene of a 江岸区 assignment ('steady' when it has none), or '' for another unit's
    assignment, whose history is drawn at random."""
    if assignment.unit.short_name != "江岸区":
        return ""
    for scene, prefixes in data.JIANGAN_SCENES.items():
        if any(assignment.task.title.startswith(p) for p in prefixes):
            return scene
    return "steady"


def _pace(rng: random.Random, scene: str) -> float:
    """How fast a unit works relative to schedule: most keep up, some lag, a few fall well behind."""
    if scene == "behind":
        return 0.55
    if scene:
        return rng.uniform(0.95, 1.1)
    return rng.choices(
        [rng.uniform(0.95, 1.15), rng.uniform(0.8, 0.9), rng.uniform(0.55, 0.65)], weights=[75, 20, 5]
    )[0]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _progress(demo: Demo, today: date, rng: random.Random, history_months: int) -> None:
    plan, supervisor = demo.plan, Actor(user=demo.people["duban"])
    liaisons = {p.unit_id: p for p in demo.people.values() if p.role == User.Role.LIAISON}
    months = list(range(max(1, today.month - history_months + 1), today.month + 1))
    assignments = list(
        Assignment.objects.filter(task__plan=plan)
        .select_related("task", "unit")
        .order_by("unit__order", "task_id")
    )
    for assignment in assignments:
        scene = _scene(assignment)
        liaison = Actor(user=liaisons[assignment.unit_id])
        # A few units have not yet acknowledged some of their work (and so have not reported on it).
        if scene == "unacknowledged" or (not scene and rng.random() < 0.03):
            continue
        person = f"{assignment.unit.short_name[:2]}{rng.choice('王李张刘陈杨黄赵周吴')}科长"
        plan_services.acknowledge(
            liaison,
            assignment,
            responsible_person=person,
            responsible_phone=f"027-8{rng.randrange(1000000, 9999999)}",
        )
        pace = _pace(rng, scene)
        percent = 0
        for month in months:
            period = f"{today.year}-{month:02d}"
            as_of = min(_month_end(today.year, month), today)
            expected = expected_progress(as_of, plan.starts_on, assignment.task.deadline) or 100 * month / 12
            percent = max(percent, min(100, round(expected * pace + rng.uniform(-3, 3))))
            if assignment.task.deadline and as_of >= assignment.task.deadline and pace >= 0.8:
                percent = 100  # a unit that kept up finished on time
            last = month == months[-1]
            if last and (scene == "due" or (not scene and rng.random() < 0.15)):
                break  # not reported yet this month
            outcome = _outcome(rng, scene, last)
            _report(demo, assignment, liaison, supervisor, period, percent, outcome, rng)
            if outcome == "accepted" and percent >= 100:
                break  # finished: nothing more to report
    _backdate(plan, today)


def _outcome(rng: random.Random, scene: str, last: bool) -> str:
    """What happens to a report: accepted, returned (once or twice), left submitted, or left a draft."""
    if not last:
        return "accepted"
    if scene in ("returned_once", "returned_twice", "submitted"):
        return scene
    if scene == "steady":
        return "accepted"
    return rng.choices(["accepted", "submitted", "draft", "returned_once"], weights=[45, 40, 8, 7])[0]


def _report(
    demo: Demo,
    assignment: Assignment,
    liaison: Actor,
    supervisor: Actor,
    period: str,
    percent: int,
    outcome: str,
    rng: random.Random,
) -> None:
    month = int(period[-2:])
    returns = {"returned_once": 1, "returned_twice": 2}.get(outcome, 0)
    # A returned scene ends on a return the liaison has yet to rework; two in a row means two versions.
    for version in range(max(1, returns)):
        report = report_services.start_report(liaison, assignment, period=period)
        narrative = rng.choice(data.NARRATIVES).format(
            month=month, unit=assignment.unit.short_name, task=_short(assignment.task.title)
        )
        values = {
            t.pk: (t.target_value * Decimal(percent) / 100).quantize(Decimal(1))
            for t in assignment.task.targets.all()
        }
        report = report_services.save_draft(
            liaison, report, revision=report.revision, narrative=narrative, percent=percent, values=values
        )
        # A reworked version carries its predecessor's files over; only a first version attaches one.
        wants_file = rng.random() < 0.25 or assignment.unit.short_name == "江岸区"
        if wants_file and not report.evidence.exists():
            report_services.add_evidence(liaison, report, _evidence_file(assignment, period, narrative))
        demo.reports += 1
        if outcome == "draft":
            return
        report = report_services.submit_report(liaison, report, revision=report.revision)
        if returns:
            report_services.return_report(supervisor, report, reason=data.RETURN_REASONS[version % 2])
        elif outcome == "accepted":
            report_services.accept_report(supervisor, report)


def _short(title: str) -> str:
    return title.split("：")[0].split("，")[0]


def _evidence_file(assignment: Assignment, period: str, narrative: str) -> SimpleUploadedFile:
    """A small Word document standing in for the minutes or photos a unit would attach."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"{assignment.unit.short_name} {period} 工作情况", level=1)
    doc.add_paragraph(assignment.task.title)
    doc.add_paragraph(narrative)
    doc.add_paragraph("（演示数据）")
    buffer = io.BytesIO()
    doc.save(buffer)
    return SimpleUploadedFile(
        f"{assignment.unit.short_name}{period}工作情况.docx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _backdate(plan: Plan, today: date) -> None:
    """Move timestamps of the demo's history to the days it pretends to have happened on, so lists read
    naturally (reported near each month's end, reviewed two days later). The audit entries keep the real
    time of loading: they record what the loader did, and stay true."""
    tz = timezone.get_current_timezone()

    def at(day: date, hour: int) -> datetime:
        return timezone.make_aware(datetime.combine(min(day, today), time(hour, 0)), tz)

    with transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(published_at=at(date(plan.year, 1, 6), 10))
        # Assigned when the plan was published, so schedules and assessment periods start in January.
        Assignment.objects.filter(task__plan=plan).update(assigned_on=min(date(plan.year, 1, 6), today))
        Assignment.objects.filter(task__plan=plan, acknowledged_at__isnull=False).update(
            acknowledged_at=at(date(plan.year, 1, 9), 9)
        )
        reports = Report.objects.filter(assignment__task__plan=plan).exclude(
            period=f"{today.year}-{today.month:02d}"
        )
        for report in reports.only("id", "period", "status", "version", "submitted_at", "reviewed_at"):
            year, month = int(report.period[:4]), int(report.period[-2:])
            day = _month_end(year, month) - timedelta(days=3) + timedelta(days=report.version - 1)
            fields = {"created_at": at(day, 9)}
            if report.submitted_at:
                fields["submitted_at"] = at(day, 16)
            if report.reviewed_at:
                fields["reviewed_at"] = at(day + timedelta(days=2), 11)
            Report.objects.filter(pk=report.pk).update(**fields)
        latest = {}
        for assignment_id, submitted_at in Report.objects.filter(
            assignment__task__plan=plan, submitted_at__isnull=False
        ).values_list("assignment_id", "submitted_at"):
            latest[assignment_id] = max(submitted_at, latest.get(assignment_id, submitted_at))
        for assignment_id, submitted_at in latest.items():
            Assignment.objects.filter(pk=assignment_id).update(last_reported_at=submitted_at)
