"""填报: start a draft, save, upload evidence, submit; conflicts and bad files are refused clearly."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.conftest import login
from luoshi.reports.models import Evidence, Report
from luoshi.tests import factories as f

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _edit(report):
    return reverse("reports:report_edit", args=[report.pk])


def _post(client, report, **data):
    payload = {
        "narrative": "开展培训两场",
        "percent": "40",
        "revision": str(report.revision),
        "action": "save",
    }
    payload.update(data)
    return client.post(_edit(report), payload)


def test_start_creates_a_draft_and_opens_the_editor(client, liaison, own_assignment):
    response = login(client, liaison).post(reverse("reports:report_start", args=[own_assignment.pk]))
    report = Report.objects.get(assignment=own_assignment)
    assert report.status == "draft"
    assert response["Location"] == _edit(report)


def test_start_is_404_for_another_units_assignment(client, liaison, other_assignment):
    response = login(client, liaison).post(reverse("reports:report_start", args=[other_assignment.pk]))
    assert response.status_code == 404
    assert not Report.objects.filter(assignment=other_assignment).exists()


def test_start_explains_a_refusal(client, liaison, own_assignment):
    from luoshi.reports.services import current_period

    f.ReportFactory(
        assignment=own_assignment, status="accepted", period=current_period(own_assignment.task.plan)
    )
    response = login(client, liaison).post(
        reverse("reports:report_start", args=[own_assignment.pk]), follow=True
    )
    assert "不能重复填报" in response.content.decode()


def test_the_editor_shows_the_draft(client, liaison, draft):
    response = login(client, liaison).get(_edit(draft))
    assert response.status_code == 200
    body = response.content.decode()
    assert "初稿" in body and 'name="revision" value="4"' in body
    assert "保存草稿" in body and "报送" in body


def test_save_draft_stores_text_values_and_files(client, liaison, draft, task):
    target = f.TargetFactory(task=task)
    login(client, liaison)
    upload = SimpleUploadedFile("活动照片说明.pdf", PDF)
    response = _post(client, draft, **{f"target_{target.pk}": "120", "uploads": [upload]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.narrative, draft.percent, draft.status) == ("开展培训两场", 40, "draft")
    assert draft.values.get().actual_value == 120
    assert draft.evidence.get().original_name == "活动照片说明.pdf"


def test_submit_saves_then_submits(client, liaison, draft):
    response = _post(login(client, liaison), draft, action="submit")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.narrative == "开展培训两场"


def test_submit_without_narrative_keeps_the_draft(client, liaison, draft):
    response = _post(login(client, liaison), draft, narrative="", action="submit", percent="50")
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.percent == 50
    assert "未能报送" in client.get(response["Location"]).content.decode()


def test_a_conflicting_save_is_refused_and_keeps_the_users_text(client, liaison, draft):
    login(client, liaison)
    _post(client, draft, narrative="别人先保存的内容")  # revision 4 → 5
    response = _post(client, draft, narrative="我写的内容不能丢")  # still revision 4
    assert response.status_code == 200
    body = response.content.decode()
    assert "此草稿已被他人保存" in body
    assert "我写的内容不能丢" in body  # in the form
    assert "别人先保存的内容" in body  # shown beside it
    draft.refresh_from_db()
    assert draft.narrative == "别人先保存的内容"
    assert 'name="revision" value="5"' in body  # saving again replaces it knowingly


def test_an_oversize_upload_is_refused_and_nothing_is_stored(client, liaison, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024))
    response = _post(login(client, liaison), draft, uploads=[big], narrative="新的内容")
    assert response.status_code == 200
    assert "文件“大文件.pdf”超过 1 MB 上限，未上传" in response.content.decode()
    draft.refresh_from_db()
    assert draft.narrative == "初稿"  # nothing saved
    assert not Evidence.objects.exists()
    assert not (settings.MEDIA_ROOT / "evidence").exists()


def test_a_wrong_type_is_refused(client, liaison, draft):
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00this is an exe")
    response = _post(login(client, liaison), draft, uploads=[fake])
    assert "不支持的文件类型：“报告.pdf”" in response.content.decode()
    assert not Evidence.objects.exists()


def test_another_units_report_is_404(client, liaison, other_assignment):
    other_draft = f.ReportFactory(assignment=other_assignment, status="draft")
    login(client, liaison)
    assert client.get(_edit(other_draft)).status_code == 404
    assert _post(client, other_draft).status_code == 404


@pytest.mark.parametrize("role", ["supervisor", "leader", "sysadmin"])
def test_other_roles_cannot_edit_drafts(client, request, role, draft):
    assert login(client, request.getfixturevalue(role)).get(_edit(draft)).status_code == 403


def test_a_submitted_report_is_not_editable(client, liaison, own_report):
    response = login(client, liaison).get(_edit(own_report))
    assert response["Location"] == reverse("reports:report_review", args=[own_report.pk])


def test_remove_evidence_with_htmx_returns_the_list(client, liaison, draft):
    login(client, liaison)
    _post(client, draft, uploads=[SimpleUploadedFile("a.pdf", PDF)])
    evidence = Evidence.objects.get()
    response = client.post(
        reverse("reports:evidence_remove", args=[evidence.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="evidence-list"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_rework_reopens_the_returned_period_as_a_new_version(client, liaison, own_assignment):
    returned = f.ReportFactory(
        assignment=own_assignment,
        status="returned",
        period="2020-01",
        narrative="旧",
        return_reason="请补照片",
    )
    response = login(client, liaison).post(
        reverse("reports:report_start", args=[own_assignment.pk]), {"period": "2020-01"}
    )
    rework = Report.objects.get(assignment=own_assignment, version=2)
    assert (rework.period, rework.status, rework.narrative) == ("2020-01", "draft", "旧")
    assert response["Location"] == _edit(rework)
    body = client.get(_edit(rework)).content.decode()
    assert "上一版已退回" in body and returned.return_reason in body


def test_start_ignores_a_period_that_was_not_returned(client, liaison, own_assignment):
    f.ReportFactory(assignment=own_assignment, status="accepted", period="2020-01")
    login(client, liaison).post(
        reverse("reports:report_start", args=[own_assignment.pk]), {"period": "2020-01"}
    )
    assert not Report.objects.filter(assignment=own_assignment, period="2020-01", version=2).exists()
    assert Report.objects.filter(assignment=own_assignment, status="draft").exclude(period="2020-01").exists()


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "evidence"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_refused_save_leaves_no_file_behind(client, liaison, draft, settings):
    """Ten new files and one duplicate among them: the save is refused as a whole, so neither rows nor
    files remain."""
    files = [SimpleUploadedFile(f"照片{n}.pdf", PDF + str(n).encode() * 2000) for n in range(10)]
    duplicate = SimpleUploadedFile("照片0副本.pdf", PDF + b"0" * 2000)
    response = _post(login(client, liaison), draft, uploads=[*files, duplicate])
    assert "已经上传过了" in response.content.decode()
    assert not Evidence.objects.exists()
    assert _stored_files(settings) == []


def test_a_refused_large_upload_leaves_no_temporary_file(client, liaison, draft, settings, tmp_path):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to FILE_UPLOAD_TEMP_DIR; the spool goes at the
    end of the request even when the save is refused."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "spool")
    (tmp_path / "spool").mkdir()
    big = PDF + b"1" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1)
    uploads = [SimpleUploadedFile("大.pdf", big), SimpleUploadedFile("大副本.pdf", big)]
    response = _post(login(client, liaison), draft, uploads=uploads)
    assert "已经上传过了" in response.content.decode()
    assert list((tmp_path / "spool").iterdir()) == []
    assert _stored_files(settings) == []
