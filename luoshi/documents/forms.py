"""The editable text of a 通报, and the upload of a return."""

from __future__ import annotations

from django import forms

from luoshi.core.forms import CleanCharField
from luoshi.lib.official import OfficialDocument, Section

SECTION_COUNT = 4


def _paragraphs(text: str) -> list[str]:
    """One paragraph per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class BulletinForm(forms.Form):
    """Every part of the 通报 an office edits before issuing it; the attachment table stays the data's."""

    period = CleanCharField(widget=forms.HiddenInput)
    title = CleanCharField(label="标题", max_length=200)
    addressee = CleanCharField(label="主送", max_length=200, required=False)
    opening = CleanCharField(label="开头", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    issuer = CleanCharField(label="发文单位署名", max_length=100)
    issued_on = forms.DateField(
        label="成文日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, section_headings: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for i, heading in enumerate(section_headings or [""] * SECTION_COUNT, start=1):
            self.fields[f"heading_{i}"] = CleanCharField(
                label=f"第{i}部分标题", max_length=60, initial=heading
            )
            self.fields[f"body_{i}"] = CleanCharField(
                label="正文（每行一段）",
                widget=forms.Textarea(attrs={"rows": 6}),
                max_length=20000,
                required=False,
            )

    @staticmethod
    def initial_for(document: OfficialDocument, period: str) -> dict:
        data = {
            "period": period,
            "title": document.title,
            "addressee": document.addressee,
            "opening": "\n".join(document.opening),
            "issuer": document.issuer,
            "issued_on": document.issued_on,
        }
        for i, section in enumerate(document.sections, start=1):
            data[f"heading_{i}"] = section.heading
            data[f"body_{i}"] = "\n".join(section.paragraphs)
        return data

    def sections(self) -> list[tuple]:
        """(heading field, body field) pairs for the template."""
        return [(self[f"heading_{i}"], self[f"body_{i}"]) for i in range(1, SECTION_COUNT + 1)]

    def document(self, attachments) -> OfficialDocument:
        data = self.cleaned_data
        return OfficialDocument(
            title=data["title"],
            addressee=data["addressee"],
            opening=_paragraphs(data["opening"]),
            sections=[
                Section(data[f"heading_{i}"], _paragraphs(data[f"body_{i}"]))
                for i in range(1, SECTION_COUNT + 1)
                if data[f"heading_{i}"].strip()
            ],
            issuer=data["issuer"],
            issued_on=data["issued_on"],
            attachments=attachments,
        )


class ReturnUploadForm(forms.Form):
    plan = forms.IntegerField(widget=forms.HiddenInput)
    period = CleanCharField(widget=forms.HiddenInput)
    file = forms.FileField(label="填好的报送表（.xlsx）")
