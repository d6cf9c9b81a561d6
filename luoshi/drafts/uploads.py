"""Refuse an oversized upload while it streams in, so a 50 MB file is never stored and the person gets the
form back with a clear message instead of an error page."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class CappedUploadHandler(FileUploadHandler):
    """Counts each file's bytes; past `limit` it stops the upload (the rest of the body is read and thrown
    away, the partial file is discarded) and marks the request `intake_too_big`."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.intake_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) builds the file
