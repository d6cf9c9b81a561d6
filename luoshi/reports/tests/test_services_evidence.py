"""Evidence files: stored under their SHA-256, original name kept as a label, shared by copied versions."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.models import AuditEntry
from luoshi.audit.services import Actor
from luoshi.reports import services
from luoshi.reports.models import Evidence
from luoshi.reports.services import ServiceError

CONTENT = b"%PDF-1.4 evidence" * 1000


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(liaison, own_assignment):
    return services.start_report(Actor(liaison), own_assignment, period="2025-03")


def upload(name="会议纪要.pdf", content=CONTENT):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_it_stores_the_file_with_hash_size_and_name(liaison, draft):
    evidence = services.add_evidence(Actor(liaison), draft, upload("../../etc/会议纪要.pdf"))
    assert evidence.original_name == "会议纪要.pdf"
    assert evidence.size == len(CONTENT)
    assert evidence.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name.endswith(evidence.sha256)
    with evidence.file.open("rb") as fh:
        assert fh.read() == CONTENT
    entry = AuditEntry.objects.get(action="add_evidence")
    assert entry.after["original_name"] == "会议纪要.pdf"


def test_windows_paths_are_stripped(liaison, draft):
    evidence = services.add_evidence(Actor(liaison), draft, upload("C:\\Users\\x\\纪要.pdf"))
    assert evidence.original_name == "纪要.pdf"


def test_the_service_checks_the_type_whoever_calls_it(liaison, draft):
    """Not only the page's form: a caller that skips it (a script, the API) gets the same refusal."""
    with pytest.raises(ServiceError, match="内容与扩展名不符"):
        services.add_evidence(Actor(liaison), draft, upload("报告.pdf", b"MZ\x90\x00 an executable"))
    with pytest.raises(ServiceError, match="不支持的文件类型"):
        services.add_evidence(Actor(liaison), draft, upload("payload.exe", CONTENT))
    assert not Evidence.objects.exists()


def test_the_same_file_twice_is_refused(liaison, draft):
    services.add_evidence(Actor(liaison), draft, upload())
    with pytest.raises(ServiceError, match="已经上传"):
        services.add_evidence(Actor(liaison), draft, upload("另一个名字.pdf"))


def test_evidence_only_on_drafts(liaison, own_report):
    with pytest.raises(ServiceError, match="只有草稿"):
        services.add_evidence(Actor(liaison), own_report, upload())


def test_other_unit_cannot_attach(other_liaison, draft):
    with pytest.raises(ServiceError, match="无权"):
        services.add_evidence(Actor(other_liaison), draft, upload())


def test_new_version_shares_the_stored_file(supervisor, liaison, draft):
    first = services.add_evidence(Actor(liaison), draft, upload())
    services.save_draft(Actor(liaison), draft, revision=draft.revision, narrative="进展", percent=10)
    services.submit_report(Actor(liaison), draft)
    services.return_report(Actor(supervisor), draft, reason="补充")
    second = services.start_report(Actor(liaison), draft.assignment, period="2025-03")
    copy = second.evidence.get()
    assert copy.file.name == first.file.name and copy.pk != first.pk
    # Removing it from the new draft keeps the file the first version still refers to.
    services.remove_evidence(Actor(liaison), copy)
    assert first.file.storage.exists(first.file.name)
    assert Evidence.objects.filter(pk=first.pk).exists()


def test_remove_deletes_an_unshared_file(liaison, draft, django_capture_on_commit_callbacks):
    evidence = services.add_evidence(Actor(liaison), draft, upload())
    name, storage = evidence.file.name, evidence.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(Actor(liaison), evidence)
    assert not storage.exists(name)
    entry = AuditEntry.objects.get(action="remove_evidence")
    assert entry.before["original_name"] == "会议纪要.pdf"


def test_removal_refused_after_submission(liaison, draft):
    evidence = services.add_evidence(Actor(liaison), draft, upload())
    services.save_draft(Actor(liaison), draft, revision=draft.revision, narrative="进展", percent=10)
    services.submit_report(Actor(liaison), draft)
    with pytest.raises(ServiceError, match="不能删除"):
        services.remove_evidence(Actor(liaison), evidence)


def test_a_file_whose_act_rolls_back_is_removed(liaison, draft, settings, monkeypatch):
    """The file is written before the row; when the act fails after the write (here the audit entry),
    the write is undone with the transaction."""

    def failing_record(*args, **kwargs):
        raise RuntimeError("audit record unavailable")

    monkeypatch.setattr(services, "record", failing_record)
    with pytest.raises(RuntimeError):
        services.add_evidence(Actor(liaison), draft, upload())
    assert not Evidence.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_an_unreferenced_file_on_disk_is_not_reused_but_stored_anew(liaison, draft, settings):
    """Only a file a stored row refers to is shared; a stray file of the same content (left by a write
    that never committed) is not trusted, so removing strays never takes a row's file away."""
    first = services.add_evidence(Actor(liaison), draft, upload())
    stray = settings.MEDIA_ROOT / first.file.name
    Evidence.objects.filter(pk=first.pk).delete()
    assert stray.exists()
    second = services.add_evidence(Actor(liaison), draft, upload())
    assert second.file.name != first.file.name
    assert (settings.MEDIA_ROOT / second.file.name).read_bytes() == CONTENT
