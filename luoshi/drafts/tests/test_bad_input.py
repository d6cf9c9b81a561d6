"""A document the parser cannot read gets a clear Chinese message: the draft ends 解析失败 with it as the
reason, with no tree and no plan."""

import pytest

from luoshi.drafts import parsing, services
from luoshi.drafts.errors import DraftError
from luoshi.drafts.models import Draft
from luoshi.plans.models import Plan


def upload(actor, city, data, filename="a.txt"):
    return services.create_draft_from_upload(
        actor, deploying_unit=city, title="", year=2025, data=data, filename=filename
    )


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"", "a.txt", "文件为空"),
        (bytes(range(256)) * 40, "a.txt", "不是文字文件"),
        (
            b"%PDF-1.4\n1 0 obj<</Type/XObject/Subtype/Image/Width 100>>stream\n"
            + bytes(range(256)) * 20
            + b"\nendstream endobj\n%%EOF",
            "scan.pdf",
            "请上传文字版或Word文档",
        ),
        ("café naïve résumé ".encode("latin-1") * 3, "a.txt", "编码"),
    ],
)
def test_unreadable_files_end_failed_with_the_reason(actor, city, data, filename, message):
    with pytest.raises(DraftError, match=message):
        upload(actor, city, data, filename)
    draft = Draft.objects.get()
    assert draft.is_failed and message in draft.parse_error and draft.tree == []
    assert not Plan.objects.exists()


def test_a_file_over_the_limit_is_refused_before_parsing(actor, city, settings):
    settings.INTAKE_MAX_BYTES = 1024
    with pytest.raises(DraftError, match="1 KB"):
        upload(actor, city, "一、加强引领。".encode() * 200)
    assert not Draft.objects.exists()


def test_blank_pasted_text_is_refused(actor, city):
    with pytest.raises(DraftError, match="文件为空"):
        services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text=" \n ")
    assert not Draft.objects.exists()


def test_gbk_text_works(actor, city):
    draft = upload(actor, city, "一、加强思想引领。6月底前完成。\n二、夯实基层基础。".encode("gbk"))
    assert [n["title"] for n in draft.tree] == ["加强思想引领", "夯实基层基础"]
    assert draft.source_text.startswith("一、加强思想引领")


def test_a_parser_crash_becomes_a_message(actor, city, monkeypatch):
    monkeypatch.setattr(parsing, "JOB", ["-c", "raise RuntimeError('bug')"])
    with pytest.raises(DraftError, match="无法识别"):
        services.create_draft_from_text(actor, deploying_unit=city, title="", year=2025, text="一、甲。")
    assert Draft.objects.get().is_failed
