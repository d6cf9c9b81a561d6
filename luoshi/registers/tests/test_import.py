"""Importing the 党外代表人士 register from Excel: every problem by row, all or nothing, duplicates refused."""

import io

import pytest
from openpyxl import Workbook

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.lib.errors import ServiceError
from luoshi.registers.importing import RepresentativesRejected, import_representatives
from luoshi.registers.models import Representative, StageChange

from .test_representatives import ID_1, ID_2, _add, id_number

HEADER = ["姓名", "工作单位及职务", "领域", "类别", "队伍阶段", "身份证号码", "联系电话", "推荐单位"]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(name, number, **extra):
    values = {
        "领域": "教育",
        "类别": "党外知识分子",
        "队伍阶段": "储备",
        "推荐单位": "",
        "联系电话": "13900001111",
    }
    values.update(extra)
    return [name, "某大学教授", values["领域"], values["类别"], values["队伍阶段"], number,
            values["联系电话"], values["推荐单位"]]  # fmt: skip


def _import(supervisor, data):
    return import_representatives(
        Actor(supervisor), deploying_unit=supervisor.unit, data=data, filename="名册.xlsx"
    )


def test_a_clean_file_imports_every_row_encrypted(supervisor, own_unit):
    count = _import(supervisor, workbook([row("王芳", ID_1, 推荐单位=own_unit.name), row("赵刚", ID_2)]))
    assert count == 2 and Representative.objects.count() == 2 and StageChange.objects.count() == 2
    wang = Representative.objects.get(name="王芳")
    assert wang.unit == own_unit and ID_1 not in wang.id_number_cipher
    assert AuditEntry.objects.filter(action="import_representatives").count() == 1


def test_every_problem_is_listed_by_row_and_nothing_is_stored(supervisor):
    _add(supervisor, id_number=id_number("11010519491231002"))
    rows = [
        row("王芳", ID_1),
        row("", ID_2),  # row 3: no name
        row("李四", "123"),  # row 4
        row("张三", ID_1),  # row 5: the same as row 2
        row("陈五", id_number("11010519491231002")),  # row 6: already in the register
        row("钱六", id_number("42010219800101999"), 领域="航天"),  # row 7
        row("孙七", id_number("42010219800101888"), 推荐单位="火星区委统战部"),  # row 8
    ]
    with pytest.raises(RepresentativesRejected) as refused:
        _import(supervisor, workbook(rows))
    said = [str(p) for p in refused.value.problems]
    assert [p.row for p in refused.value.problems] == [3, 4, 5, 6, 7, 8]
    assert "第3行：请填写姓名。" in said and "第5行：身份证号码与第2行重复。" in said
    assert (
        "已登记的人员重复" in said[3]
        and "领域“航天”不在可选范围内" in said[4]
        and "火星区委统战部" in said[5]
    )
    assert Representative.objects.count() == 1 and not AuditEntry.objects.filter(
        action="import_representatives"
    )


def test_missing_columns_are_named(supervisor):
    with pytest.raises(ServiceError, match="名册缺少以下列：类别、身份证号码"):
        _import(
            supervisor,
            workbook(
                [["王芳", "教授", "教育", "储备"]], header=["姓名", "工作单位及职务", "领域", "队伍阶段"]
            ),
        )
    assert not Representative.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(supervisor):
    with pytest.raises(ServiceError, match="不是有效的 Excel"):
        _import(supervisor, b"not a workbook at all")


def test_the_import_page_lists_the_problems_by_row(client, supervisor):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(supervisor)
    data = workbook([row("王芳", ID_1), row("", ID_2)])
    response = client.post(
        reverse("registers:representative_import"), {"file": SimpleUploadedFile("名册.xlsx", data)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "第3行：请填写姓名。" in page and "未导入任何人员" in page
    assert not Representative.objects.exists()
