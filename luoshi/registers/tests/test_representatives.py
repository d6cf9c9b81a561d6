"""The 党外代表人士 register: personal data encrypted at rest and masked, the full view only for the
managing unit's supervisor and always audited, duplicates refused, the pipeline's dated history."""

from datetime import date, timedelta

import pytest
from django.db import connection

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.lib.errors import AccessDenied, ServiceError
from luoshi.registers import personal, services
from luoshi.registers.models import Representative, StageChange


def id_number(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, personal.ID_WEIGHTS, strict=True))
    return body17 + personal.ID_CHECK[total % 11]


ID_1 = id_number("42010219800101123")
ID_2 = id_number("42010319850202234")


def _add(supervisor, **extra):
    data = {
        "name": "李明",
        "workplace": "武汉大学教授、民盟盟员",
        "sector": "education",
        "category": "democratic_party",
        "stage": "reserve",
        "id_number": ID_1,
        "phone": "13812345678",
    }
    return services.add_representative(Actor(supervisor), deploying_unit=supervisor.unit, **{**data, **extra})


def test_phone_and_id_number_are_stored_encrypted_and_masked(supervisor):
    person = _add(supervisor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registers_representative")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert ID_1 not in row and "13812345678" not in row
    assert person.id_number_masked == f"{ID_1[:4]}**********{ID_1[-4:]}"
    assert person.phone_masked == "138****5678"
    assert personal.decrypt(person.id_number_cipher) == ID_1
    # A fresh nonce each time: the same number never encrypts to the same text.
    assert personal.encrypt(ID_1) != personal.encrypt(ID_1)


def test_the_key_comes_from_the_environment_setting(supervisor, settings):
    settings.PERSONAL_DATA_KEY = "first-key-" + "a" * 30
    person = _add(supervisor)
    settings.PERSONAL_DATA_KEY = "other-key-" + "b" * 30
    with pytest.raises(ServiceError, match="加密密钥与保存时不一致"):
        personal.decrypt(person.id_number_cipher)


def test_the_full_view_is_the_supervisors_and_every_view_is_audited(supervisor, leader, other_supervisor):
    person = _add(supervisor)
    shown = services.reveal_personal_data(Actor(supervisor), person)
    assert (shown.phone, shown.id_number) == ("13812345678", ID_1)
    services.reveal_personal_data(Actor(supervisor), person)
    entries = AuditEntry.objects.filter(action="view_personal_data")
    assert entries.count() == 2 and entries.first().actor_id == supervisor.pk
    for who in (leader, other_supervisor):
        with pytest.raises(AccessDenied):
            services.reveal_personal_data(Actor(who), person)
    assert ID_1 not in " ".join(str(e.after) + e.summary for e in AuditEntry.objects.all())


def test_a_duplicate_id_number_is_refused_even_written_in_lower_case(supervisor, other_supervisor):
    _add(supervisor, id_number=id_number("11010519491231002"))
    with pytest.raises(ServiceError, match="重复"):
        _add(supervisor, name="李明明", id_number=id_number("11010519491231002").lower())
    with pytest.raises(ServiceError, match="重复"):
        _add(other_supervisor, id_number=id_number("11010519491231002"))
    assert Representative.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "请填写姓名"),
        ({"id_number": "4201021980010112"}, "应为18位"),
        ({"id_number": ID_1[:17] + ("0" if ID_1[17] != "0" else "1")}, "校验位不正确"),
        ({"phone": "12345"}, "联系电话应为"),
        ({"sector": "space"}, "领域“space”无效"),
        ({"stage": ""}, "请选择队伍阶段"),
    ],
)
def test_bad_input_is_refused_in_chinese(supervisor, change, message):
    with pytest.raises(ServiceError, match=message):
        _add(supervisor, **change)
    assert not Representative.objects.exists()


def test_the_pipeline_keeps_a_dated_history(supervisor):
    today = date.today()
    person = _add(supervisor, id_number=ID_2)
    services.change_stage(Actor(supervisor), person, stage="cultivate", on=today, note="参加市社院培训班")
    with pytest.raises(ServiceError, match="已处于"):
        services.change_stage(Actor(supervisor), person, stage="cultivate", on=today)
    with pytest.raises(ServiceError, match="不能晚于今天"):
        services.change_stage(Actor(supervisor), person, stage="use", on=today + timedelta(days=1))
    with pytest.raises(ServiceError, match="不能早于上一次调整"):
        services.change_stage(Actor(supervisor), person, stage="use", on=today - timedelta(days=1))
    person.refresh_from_db()
    history = list(StageChange.objects.filter(representative=person).values_list("previous", "stage"))
    assert person.stage == "cultivate" and history == [("", "reserve"), ("reserve", "cultivate")]


def test_only_the_managing_units_supervisor_changes_the_register(supervisor, leader):
    person = _add(supervisor)
    with pytest.raises(AccessDenied):
        services.change_stage(Actor(leader), person, stage="use", on=date.today())
    with pytest.raises(AccessDenied):
        _add(leader, id_number=ID_2)


def test_the_list_masks_and_the_full_view_shows_once_and_is_audited(client, supervisor):
    from django.urls import reverse

    person = _add(supervisor)
    client.force_login(supervisor)
    page = client.get(reverse("registers:representatives")).content.decode()
    assert "138****5678" in page and ID_1 not in page and "13812345678" not in page
    detail = client.get(reverse("registers:representative", args=[person.pk])).content.decode()
    assert ID_1 not in detail and person.id_number_masked in detail
    shown = client.post(reverse("registers:representative_reveal", args=[person.pk]))
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert ID_1 in shown.content.decode() and "13812345678" in shown.content.decode()
    assert AuditEntry.objects.filter(action="view_personal_data", actor_id=supervisor.pk).count() == 1
