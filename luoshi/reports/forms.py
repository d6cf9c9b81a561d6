"""Forms for the liaison's work pages and the supervisor's review.

Evidence files are checked here, before anything is stored: size against `settings.EVIDENCE_MAX_BYTES`,
type by extension AND by the file's first bytes, so a renamed executable is refused even with a ".pdf" name.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# --- Evidence types ---------------------------------------------------------------------------------------

PDF = b"%PDF-"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office and WPS: .doc .xls .wps .et
ZIP = b"PK\x03\x04"  # Office Open XML and OFD are zip containers
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class EvidenceType:
    """An accepted kind of evidence file: how to recognise it and what to serve it as."""

    label: str
    content_type: str
    magic: bytes | None = None
    # For zip containers: a member name (or prefix) that proves which format it is.
    zip_member: str | None = None


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    "pdf": EvidenceType("PDF", "application/pdf", PDF),
    # OFD is the national standard for fixed-layout e-documents (GB/T 33190); offices issue it.
    "ofd": EvidenceType("OFD", "application/ofd", ZIP, "OFD.xml"),
    "doc": EvidenceType("Word", "application/msword", OLE2),
    "docx": EvidenceType(
        "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP, "word/"
    ),
    "wps": EvidenceType("WPS 文字", "application/vnd.ms-works", OLE2),
    "xls": EvidenceType("Excel", "application/vnd.ms-excel", OLE2),
    "xlsx": EvidenceType(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, "xl/"
    ),
    "et": EvidenceType("WPS 表格", "application/vnd.ms-excel", OLE2),
    "jpg": EvidenceType("图片", "image/jpeg", JPEG),
    "jpeg": EvidenceType("图片", "image/jpeg", JPEG),
    "png": EvidenceType("图片", "image/png", PNG),
    "txt": EvidenceType("文本", "text/plain; charset=utf-8"),
}
# Zip archives are not accepted: a reviewer cannot open them in the browser and they hide their contents
# from the type check. Several files can be uploaded at once instead.
ACCEPT_ATTR = ",".join(f".{ext}" for ext in EVIDENCE_TYPES)
ALLOWED_TEXT = "PDF、OFD、Word（doc/docx/wps）、Excel（xls/xlsx/et）、图片（jpg/png）、文本（txt）"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def evidence_type(name: str) -> EvidenceType | None:
    return EVIDENCE_TYPES.get(extension(name))


def max_size_text() -> str:
    mb = settings.EVIDENCE_MAX_BYTES / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{settings.EVIDENCE_MAX_BYTES // 1024} KB"


def _head(upload: UploadedFile, n: int = 4096) -> bytes:
    upload.seek(0)
    data = upload.read(n)
    upload.seek(0)
    return data


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # The sample may end inside a multi-byte character; an incremental decoder allows that tail.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _zip_has(upload: UploadedFile, member: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name == member or name.startswith(member) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def check_evidence_file(upload: UploadedFile) -> str | None:
    """The Chinese reason an upload is refused, or None when it may be stored."""
    name = upload.name or "未命名文件"
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        return f"文件“{name}”超过 {max_size_text()} 上限，未上传"
    if upload.size == 0:
        return f"文件“{name}”是空文件，未上传"
    kind = evidence_type(name)
    if kind is None:
        return f"不支持的文件类型：“{name}”。可上传 {ALLOWED_TEXT}"
    head = _head(upload)
    if kind.magic is None:
        ok = _looks_like_text(head)
    else:
        ok = head.startswith(kind.magic) and (kind.zip_member is None or _zip_has(upload, kind.zip_member))
    if not ok:
        return f"不支持的文件类型：“{name}”的内容与扩展名不符。可上传 {ALLOWED_TEXT}"
    return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input multiple>; each is checked, and every refusal is reported."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTR}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        errors = [message for f in files if (message := check_evidence_file(f))]
        if errors:
            raise forms.ValidationError(errors)
        return files


# --- Forms ------------------------------------------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    responsible_person = forms.CharField(
        label="责任人", max_length=50, error_messages={"required": "请填写责任人"}
    )
    responsible_phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_responsible_person(self) -> str:
        value = self.cleaned_data["responsible_person"].strip()
        if not value:
            raise forms.ValidationError("请填写责任人")
        return value

    def clean_responsible_phone(self) -> str:
        value = self.cleaned_data["responsible_phone"].strip()
        allowed = set("0123456789-+ （）()转")
        if value and not set(value) <= allowed:
            raise forms.ValidationError("联系电话只能包含数字、短横线和括号")
        return value


class ReportForm(forms.Form):
    """The report editor: narrative, percent, one actual value per target, new evidence files.

    `revision` carries the version of the draft the editor loaded, so a save over someone else's
    newer save is refused by the service instead of overwriting it."""

    narrative = forms.CharField(
        label="工作进展",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "本期做了什么、取得什么成效、下一步打算"}),
    )
    percent = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "请填写完成进度",
            "invalid": "完成进度须为 0 到 100 的整数",
            "min_value": "完成进度须为 0 到 100 的整数",
            "max_value": "完成进度须为 0 到 100 的整数",
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    uploads = MultipleFileField(label="上传佐证材料")

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            self.fields[self.target_field(target)] = forms.DecimalField(
                label=target.metric,
                required=False,
                max_digits=14,
                decimal_places=2,
                min_value=0,
                error_messages={
                    "invalid": f"“{target.metric}”须为数字",
                    "min_value": f"“{target.metric}”不能为负数",
                    "max_digits": f"“{target.metric}”数值过大",
                    "max_decimal_places": f"“{target.metric}”最多两位小数",
                },
                widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
            )

    @staticmethod
    def target_field(target) -> str:
        return f"target_{target.pk}"

    def target_rows(self) -> list[tuple]:
        """(target, bound field) pairs for the template's values table."""
        return [(t, self[self.target_field(t)]) for t in self.targets]

    def values(self) -> dict:
        """Target id → actual value, for the targets the liaison filled in."""
        result = {}
        for target in self.targets:
            value = self.cleaned_data.get(self.target_field(target))
            if value is not None:
                result[target.pk] = value
        return result


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=2000,
        error_messages={"required": "请填写退回理由"},
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "说明需要补充或修改的内容"}),
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("请填写退回理由")
        return value


class QueueFilterForm(forms.Form):
    """Filters of the review queue; choices are limited to the supervisor's own plans and units."""

    plan = forms.TypedChoiceField(label="工作部署", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, plans=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "全部工作部署")] + [(p.pk, p.title) for p in plans]
        self.fields["unit"].choices = [("", "全部单位")] + [(u.pk, u.display_name) for u in units]
