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


# Uploads that are zip packages get the evidence files' checks before they are stored (luoshi.lib.packages).
PACKAGE_KINDS = ("docx", "xlsx")
PACKAGE_MESSAGES = {
    "bomb": "文件解压后过大（超过 {unpacked} 或压缩比异常），疑似压缩炸弹，未导入。请上传正常的 Word 或 Excel 文件。",
    "executable": "文件内含可执行程序，未导入。请上传正常的 Word 或 Excel 文件。",
    "not_package": "文件结构与扩展名不符，不是完整的 Word 或 Excel 文件，未导入。请在 Word 或 Excel 中打开确认后重新保存，再上传。",
    "not_zip": MESSAGES[IntakeError.CORRUPT],
}


def package_message(code: str) -> str:
    """Why an uploaded .docx/.xlsx was refused before it was stored, for a PackageProblem code."""
    return PACKAGE_MESSAGES.get(code, PACKAGE_MESSAGES["not_package"]).format(
        unpacked=_megabytes(settings.EVIDENCE_MAX_UNPACKED_BYTES)
    )
