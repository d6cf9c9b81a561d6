"""What a person is told when a document cannot be read: one Chinese message per IntakeError code."""

from django.conf import settings

from luoshi.intake import IntakeError


def _megabytes(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 1 else f"{n // 1024} KB"


def limit_text() -> str:
    return _megabytes(settings.INTAKE_MAX_BYTES)


MESSAGES = {
    IntakeError.EMPTY: "文件为空，没有可以识别的内容。请检查后重新上传，或直接粘贴文稿。",
    IntakeError.BINARY: "这不是文字文件，无法识别。请上传 .txt、.docx、.xlsx 或 .xls 文件，或直接粘贴文稿。",
    IntakeError.TOO_BIG: "文件太大，超过了 {limit} 的上限。请删去无关内容或分成几份后再上传。",
    IntakeError.BAD_ENCODING: "无法识别文件的文字编码。请用记事本或 Word 另存为 UTF-8 文本或 Word 文档后再上传。",
    IntakeError.SCANNED: "这是扫描件（图片），里面没有可识别的文字。请上传文字版或Word文档。",
    IntakeError.UNSUPPORTED: "暂不支持这种文件格式。请上传 .txt、.docx、.xlsx 或 .xls 文件，或直接粘贴文稿。",
    IntakeError.CORRUPT: "文件已损坏或无法打开。请在 Word 或 Excel 中打开确认后重新保存，再上传。",
}
FALLBACK = "无法识别这份文稿。请上传 .txt、.docx、.xlsx 或 .xls 文件，或直接粘贴文稿。"


def intake_message(code: str) -> str:
    """The message for an IntakeError code; unknown codes get a general one rather than an error page."""
    return MESSAGES.get(code, FALLBACK).format(limit=limit_text())
