"""The 党外代表人士 register: add a person (phone and ID number encrypted, duplicates refused by the keyed
hash of the ID number), move them along 储备 → 培养 → 使用 → 退出 with a dated record, and the audited full
view of their personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from luoshi.audit.services import Actor, record
from luoshi.lib.cndates import cn_date
from luoshi.lib.errors import ServiceError
from luoshi.lib.text import clean_text
from luoshi.org import access
from luoshi.org.access import Action
from luoshi.org.models import Unit

from .. import personal
from ..models import Representative, StageChange

Stage = Representative.Stage
DUPLICATE = "身份证号码与名册中已登记的人员重复，不能重复登记。"


@dataclass(frozen=True)
class PersonalData:
    phone: str
    id_number: str


def _user(actor: Actor):
    return actor.user if getattr(actor.user, "is_authenticated", False) else None


def _choice(value: str, choices, label: str) -> str:
    if value not in choices.values:
        raise ServiceError(f"请选择{label}。" if not value else f"{label}“{value}”无效。")
    return value


def prepare(deploying_unit: Unit, *, name, workplace, sector, category, stage, id_number, phone="",
            positions="", training="", unit: Unit | None = None) -> Representative:  # fmt: skip
    """A checked, encrypted, unsaved person; ServiceError (Chinese) for the first problem found. Shared by
    the form and the Excel import, so both refuse the same things in the same words."""
    name, workplace = clean_text(name or "").strip(), clean_text(workplace or "").strip()
    if not name:
        raise ServiceError("请填写姓名。")
    if not workplace:
        raise ServiceError("请填写工作单位及职务。")
    _choice(sector, Representative.Sector, "领域")
    _choice(category, Representative.Category, "类别")
    _choice(stage, Stage, "队伍阶段")
    id_number = personal.clean_id_number(id_number)
    phone = personal.clean_phone(phone)
    if unit is not None and not Unit.objects.subtree(deploying_unit).filter(pk=unit.pk).exists():
        raise ServiceError(f"{unit.display_name}不在本单位的管理范围内。")
    return Representative(
        deploying_unit=deploying_unit,
        unit=unit,
        name=name[:50],
        workplace=workplace[:200],
        sector=sector,
        category=category,
        stage=stage,
        positions=clean_text(positions or "").strip(),
        training=clean_text(training or "").strip(),
        phone_cipher=personal.encrypt(phone),
        phone_masked=personal.mask_phone(phone),
        id_number_cipher=personal.encrypt(id_number),
        id_number_masked=personal.mask_id_number(id_number),
        id_number_hash=personal.lookup_hash(id_number),
    )


def save_new(actor: Actor, person: Representative, *, on: date) -> Representative:
    """Store a prepared person with their first stage record. Call inside transaction.atomic()."""
    person.created_by = _user(actor)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ServiceError(DUPLICATE, code="duplicate") from None
    StageChange.objects.create(representative=person, stage=person.stage, on=on, by=_user(actor))
    return person


def _summary(person: Representative) -> dict:
    # Never the personal data, not even masked: the audit trail outlives the register's access rules.
    return {
        "name": person.name,
        "sector": person.sector,
        "category": person.category,
        "stage": person.stage,
        "unit": person.unit_id,
    }


def add_representative(actor: Actor, *, deploying_unit: Unit, today: date | None = None, is_demo=False,
                       **fields) -> Representative:  # fmt: skip
    access.require_deploying(actor, Action.MANAGE_REPRESENTATIVE, deploying_unit)
    person = prepare(deploying_unit, **fields)
    person.is_demo = is_demo
    if Representative.objects.filter(id_number_hash=person.id_number_hash).exists():
        raise ServiceError(DUPLICATE, code="duplicate")
    with transaction.atomic():
        save_new(actor, person, on=today or timezone.localdate())
        record(
            actor,
            "add_representative",
            person,
            after=_summary(person),
            summary=f"登记党外代表人士{person.name}（{person.get_sector_display()}，{person.get_stage_display()}）",
        )
    return person


def change_stage(actor: Actor, person: Representative, *, stage: str, on: date | None, note: str = "",
                 today: date | None = None) -> Representative:  # fmt: skip
    """Move a person to another stage on a day (not in the future, not before their last move)."""
    access.require(actor, Action.MANAGE_REPRESENTATIVE, person)
    _choice(stage, Stage, "队伍阶段")
    today = today or timezone.localdate()
    if on is None:
        raise ServiceError("请填写调整日期。")
    if on > today:
        raise ServiceError("调整日期不能晚于今天。")
    with transaction.atomic():
        person = Representative.objects.select_for_update().get(pk=person.pk)
        if person.stage == stage:
            raise ServiceError(f"{person.name}已处于“{person.get_stage_display()}”阶段。")
        last = person.stage_changes.order_by("-on", "-id").first()
        if last and on < last.on:
            raise ServiceError(f"调整日期不能早于上一次调整（{cn_date(last.on)}）。")
        before = _summary(person)
        StageChange.objects.create(
            representative=person,
            stage=stage,
            previous=person.stage,
            on=on,
            note=clean_text(note or "").strip()[:300],
            by=_user(actor),
        )
        previous = person.get_stage_display()
        person.stage = stage
        person.save(update_fields=["stage"])
        record(
            actor,
            "change_stage",
            person,
            before=before,
            after=_summary(person),
            summary=f"{person.name}：{previous} → {person.get_stage_display()}（{cn_date(on)}）",
        )
    return person


def reveal_personal_data(actor: Actor, person: Representative) -> PersonalData:
    """The full phone and ID number, for the roles allowed; every view is one audit entry."""
    access.require(actor, Action.VIEW_PERSONAL_DATA, person)
    data = PersonalData(
        phone=personal.decrypt(person.phone_cipher), id_number=personal.decrypt(person.id_number_cipher)
    )
    with transaction.atomic():
        record(actor, "view_personal_data", person, summary=f"查看{person.name}的完整联系电话和身份证号码")
    return data
