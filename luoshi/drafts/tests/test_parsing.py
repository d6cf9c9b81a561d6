"""Parsing runs in a limited child process: a document over the character cap, a parse over the time or
memory limit, and a parse whose process died all end 解析失败 with a Chinese reason, never stuck 解析中."""

import io
from datetime import timedelta

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone

from luoshi.audit.models import AuditEntry
from luoshi.drafts import services
from luoshi.drafts.errors import DraftError
from luoshi.drafts.models import Draft

from .conftest import SAMPLE


def begin(actor, city, **kwargs):
    kwargs.setdefault("text", SAMPLE)
    return services.begin_draft(actor, deploying_unit=city, title="", year=2025, **kwargs)


def numbered_lines(n: int) -> str:
    return "".join(f"{i}. 第{i}项工作要扎实推进，年底前完成。\n" for i in range(1, n + 1))


def test_a_new_draft_is_parsing_until_its_job_has_run(actor, city, mzw, gsl):
    draft = begin(actor, city)
    assert draft.is_parsing and draft.tree == [] and draft.parse_input
    call_command("parse_draft", str(draft.pk))  # what the page starts detached
    draft.refresh_from_db()
    assert draft.is_editing and [n["title"] for n in draft.tree] == ["加强思想政治引领", "夯实基层基础"]
    assert draft.source_text == SAMPLE and draft.parse_input == ""
    actions = AuditEntry.objects.order_by("seq").values_list("action", flat=True)
    assert list(actions) == ["create_draft", "parse_draft"]


def test_a_document_over_the_character_cap_is_refused(actor, city, settings):
    settings.INTAKE_MAX_CHARS = 1000
    draft = services.run_parse(begin(actor, city, text=numbered_lines(100)).pk)
    assert draft.is_failed and draft.tree == []
    assert (
        draft.parse_error == "文稿太长：提取出的文字超过了 1000 字的上限。请删去无关内容或分成几份后再导入。"
    )


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_over_the_character_cap_is_refused(actor, city, settings):
    """A small upload that unpacks to much text (the 72 KB .docx of 20 MB) is judged by its text."""
    settings.INTAKE_MAX_CHARS = 1000
    draft = begin(actor, city, data=docx_bytes(numbered_lines(100).splitlines()), filename="要点.docx")
    draft = services.run_parse(draft.pk)
    assert draft.is_failed and "超过了 1000 字的上限" in draft.parse_error


def test_a_parse_over_the_time_limit_ends_failed(actor, city, settings):
    settings.INTAKE_PARSE_SECONDS = 0.2
    draft = services.run_parse(begin(actor, city, text=numbered_lines(20000)).pk)
    assert draft.is_failed
    assert draft.parse_error == "解析超过 0.2 秒仍未完成，已停止。请删去无关内容或分成几份后再导入。"
    assert AuditEntry.objects.filter(action="parse_draft_failed").exists()


def test_a_parse_over_the_memory_limit_ends_failed(actor, city, settings):
    settings.INTAKE_PARSE_MEMORY_MB = 30  # enough to start the parser, not to parse 20,000 lines
    draft = services.run_parse(begin(actor, city, text=numbered_lines(20000)).pk)
    assert draft.is_failed
    assert draft.parse_error == (
        "解析这份文稿所需的内存超过了 30 MB 的上限，已停止。请删去无关内容或分成几份后再导入。"
    )


def test_a_parse_whose_process_died_is_marked_failed(actor, city, settings):
    stuck = begin(actor, city)
    recent = begin(actor, city)
    Draft.objects.filter(pk=stuck.pk).update(parse_started_at=timezone.now() - timedelta(minutes=5))
    assert services.expire_stale_parses() == 1
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.is_failed and "解析意外中断" in stuck.parse_error
    assert recent.is_parsing
    # The job of a draft already marked failed leaves it alone.
    assert services.run_parse(stuck.pk).is_failed


@pytest.mark.parametrize("text", [" \n ", ""])
def test_blank_text_is_refused_before_anything_is_stored(actor, city, text):
    with pytest.raises(DraftError, match="文件为空"):
        begin(actor, city, text=text)
    assert not Draft.objects.exists()
