"""Upload limits enforced while the request body is read, not after it has been spooled to disk.

* A request whose declared length cannot fit the per-request total (`settings.UPLOAD_MAX_REQUEST_BYTES`,
  plus the ordinary form fields' allowance, DATA_UPLOAD_MAX_MEMORY_SIZE) is refused before a byte of its
  body is read — a 300 MB upload never reaches the temporary directory.
* `CappedUploadHandler`, first in FILE_UPLOAD_HANDLERS, counts the bytes of every file while they stream in.
  Past the single-file cap (`max_file_bytes`, or a lower `request.upload_file_cap` a view sets before the
  body is read) or the request's total it stops the upload: Django closes — and so deletes — the temporary
  file being written, throws the rest of the (length-checked) body away unread into any file, and deletes
  the files finished before it at the end of the request. Nothing is left half-written. The refusal, in
  Chinese, is left on `request.upload_refusal`.
* `UploadLimitMiddleware` parses a multipart body before the view and answers either refusal with a 413
  page. A CSRF-exempt view parses the body itself (the intake page is exempt for that reason: it sets a
  lower cap first) and answers `request.upload_refusal` on its own form.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render


def size_text(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{n // 1024} KB"


def max_file_bytes() -> int:
    """The largest single file any form accepts (evidence and intake documents)."""
    return max(settings.EVIDENCE_MAX_BYTES, settings.INTAKE_MAX_BYTES)


def request_total_message() -> str:
    return (
        f"一次上传的文件合计不能超过 {size_text(settings.UPLOAD_MAX_REQUEST_BYTES)}，本次未保存任何文件。"
        "请分几次上传。"
    )


class CappedUploadHandler(FileUploadHandler):
    """Counts each file's bytes and the request's; stops the upload at either cap (see the module)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.total = self.this_file = 0
        self.file_cap = getattr(request, "upload_file_cap", None) or max_file_bytes()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.this_file = 0

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        self.this_file += len(raw_data)
        if self.this_file > self.file_cap:
            self._refuse(f"文件“{self.file_name}”超过 {size_text(self.file_cap)} 上限，本次未保存任何文件。")
        if self.total > settings.UPLOAD_MAX_REQUEST_BYTES:
            self._refuse(request_total_message())
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) holds the file

    def _refuse(self, message: str):
        if self.request is not None:
            self.request.upload_refusal = message
        # The rest of the body is read and discarded (its length was checked), so the browser gets the page.
        raise StopUpload(connection_reset=False)


def declared_too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.UPLOAD_MAX_REQUEST_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class UploadLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.content_type.startswith("multipart/"):
            return None
        if declared_too_large(request):
            return refused(request, request_total_message())
        if getattr(view_func, "csrf_exempt", False):
            return None  # such a view parses the body itself, with its own cap, and answers on its own page
        request.POST  # noqa: B018 — parse now, through CappedUploadHandler (CSRF may already have)
        message = getattr(request, "upload_refusal", None)
        return refused(request, message) if message else None


def refused(request, message: str):
    return render(request, "413.html", {"message": message}, status=413)
