"""The text of an attachment (pdf, docx, xlsx) for the content checks; see docs/crawler.md.

Read-only and bounded: at most MAX_PDF_PAGES pages and MAX_TEXT_CHARS characters are read, and a
docx/xlsx whose XML unpacks to more than MAX_UNPACKED_XML_BYTES is not opened (a zip bomb). A
corrupt, encrypted or image-only file gives no text and a note saying why; nothing here raises.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice

import docx
import openpyxl
from docx.table import Table
from pypdf import PdfReader

READABLE_TYPES = frozenset({"pdf", "docx", "xlsx"})
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 2_000_000
MAX_UNPACKED_XML_BYTES = 100_000_000

# pypdf logs every malformed object it works around; a crawl of thousands of files would drown in it
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class AttachmentText:
    text: str | None  # None when nothing could be read
    note: str | None = None  # why there is no text, in Chinese for the clerk


class _Unreadable(Exception):
    """A file that is well understood but cannot be read (encrypted, too large unpacked)."""


def attachment_text(body: bytes, file_type: str) -> AttachmentText:
    """The visible text of a pdf, docx or xlsx file given as bytes."""
    readers = {"pdf": _pdf_lines, "docx": _docx_lines, "xlsx": _xlsx_lines}
    try:
        text = "\n".join(_bounded_lines(readers[file_type](body)))[:MAX_TEXT_CHARS]
    except _Unreadable as reason:
        return AttachmentText(None, str(reason))
    except Exception as error:  # a corrupt file must never stop the crawl
        return AttachmentText(None, f"文件无法解析（{type(error).__name__}），未读取文字")
    if not text.strip():
        return AttachmentText(None, "文件中没有可提取的文字（可能是扫描件或图片）")
    return AttachmentText(text)


def _bounded_lines(lines: Iterator[str]) -> Iterator[str]:
    """Lines until MAX_TEXT_CHARS is reached: a huge sheet stops being read there."""
    total = 0
    for line in lines:
        yield line
        total += len(line) + 1
        if total >= MAX_TEXT_CHARS:
            return


def _pdf_lines(body: bytes) -> Iterator[str]:
    reader = PdfReader(io.BytesIO(body))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs are encrypted only to restrict printing
        except Exception:
            opened = None
        if not opened:
            raise _Unreadable("PDF 文件已加密，未读取文字")
    for page in islice(reader.pages, MAX_PDF_PAGES):
        yield page.extract_text() or ""


def _check_unpacked_size(body: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = sum(i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_UNPACKED_XML_BYTES:
        raise _Unreadable(f"文件解压后过大（{xml} 字节），未读取文字")


def _docx_lines(body: bytes) -> Iterator[str]:
    _check_unpacked_size(body)
    for block in docx.Document(io.BytesIO(body)).iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                yield "\t".join(cell.text for cell in row.cells)
        else:
            yield block.text


def _xlsx_lines(body: bytes) -> Iterator[str]:
    _check_unpacked_size(body)
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            sheet.reset_dimensions()  # a declared A1:XFD1048576 must not pad every row
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(value) for value in row if value is not None]
                if cells:
                    yield "\t".join(cells)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as a person reads it: 13907105678, not 13907105678.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)
