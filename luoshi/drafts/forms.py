"""The intake form: paste text or upload a file, with a title and year."""

from django import forms
from django.conf import settings
from django.utils import timezone

from luoshi.core.forms import CleanCharField

from .messages import intake_message

ACCEPTED = (".txt", ".docx", ".xlsx", ".xls")


class NewDraftForm(forms.Form):
    title = CleanCharField(
        label="标题", max_length=200, required=False, help_text="可不填：默认取会议名称或文件名"
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    text = CleanCharField(label="粘贴文稿", required=False, widget=forms.Textarea(attrs={"rows": 12}))
    # Empty files reach the parser, which answers with the same message as every other unreadable file.
    file = forms.FileField(label="或上传文件", required=False, allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED)

    def clean(self):
        data = super().clean()
        if self.has_error("text") or self.has_error("file"):
            return data  # the field says what is wrong; "paste something" would mislead
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("请二选一：粘贴文稿，或上传文件。")
        if not upload and not text:
            raise forms.ValidationError("请粘贴文稿内容，或选择要上传的文件。")
        if upload and upload.size > settings.INTAKE_MAX_BYTES:
            raise forms.ValidationError(intake_message("too_big"))
        return data
