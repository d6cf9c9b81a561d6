"""Evidence downloads: only for those who may read the report, as an attachment under the original name."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from luoshi.conftest import login
from luoshi.reports.models import Evidence
from luoshi.tests import factories as f

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _evidence(report, name="活动照片 2025.pdf"):
    evidence = Evidence(report=report, original_name=name, size=len(PDF), sha256="ab" * 32)
    evidence.file.save(name, ContentFile(PDF), save=False)
    evidence.save()
    return evidence


def _url(evidence):
    return reverse("reports:evidence_download", args=[evidence.pk])


def test_it_serves_the_file_as_an_attachment_with_the_original_name(client, liaison, own_report):
    evidence = _evidence(own_report)
    response = login(client, liaison).get(_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E6%B4%BB%E5%8A%A8%E7%85%A7%E7%89%87%202025.pdf" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_reviewers_and_leaders_may_download(client, request, role, own_report):
    evidence = _evidence(own_report)
    assert login(client, request.getfixturevalue(role)).get(_url(evidence)).status_code == 200


def test_another_unit_gets_404(client, other_liaison, own_report):
    evidence = _evidence(own_report)
    assert login(client, other_liaison).get(_url(evidence)).status_code == 404


def test_another_deploying_unit_gets_404(client, other_supervisor, own_report):
    evidence = _evidence(own_report)
    assert login(client, other_supervisor).get(_url(evidence)).status_code == 404


def test_administrators_get_403(client, sysadmin, own_report):
    evidence = _evidence(own_report)
    assert login(client, sysadmin).get(_url(evidence)).status_code == 403


def test_a_drafts_evidence_is_not_served_to_the_supervisor(client, supervisor, liaison, own_assignment):
    evidence = _evidence(f.ReportFactory(assignment=own_assignment, status="draft"))
    assert login(client, supervisor).get(_url(evidence)).status_code == 404
    assert login(client, liaison).get(_url(evidence)).status_code == 200


def test_a_missing_file_is_404(client, liaison, own_report):
    evidence = _evidence(own_report)
    evidence.file.storage.delete(evidence.file.name)
    assert login(client, liaison).get(_url(evidence)).status_code == 404
