"""crawler/extractors/attachments.py: the text of pdf, docx and xlsx files; never an exception."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from crawler.extractors import attachments
from crawler.extractors.attachments import attachment_text
from govmon.demo.assets import pdf

LIST = "教师资格认定人员名单\n1 刘晓燕 360702198506123219 13907105678"


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(LIST))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于教师资格认定的公示")
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(table.rows, [("姓名", "身份证号", "联系电话"),
                                       ("刘晓燕", "360702198506123219", "13907105678")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    document.add_paragraph("公示期为5个工作日。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = "名单"
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_pdf_text_with_chinese() -> None:
    read = attachment_text(pdf(LIST), "pdf")
    assert read.note is None
    assert "刘晓燕 360702198506123219 13907105678" in (read.text or "")


def test_pdf_encrypted_only_against_printing_is_read() -> None:
    read = attachment_text(encrypted_pdf(""), "pdf")
    assert "360702198506123219" in (read.text or "")


def test_pdf_with_a_password_gives_a_note() -> None:
    read = attachment_text(encrypted_pdf("user-secret"), "pdf")
    assert read.text is None and "加密" in (read.note or "")


def test_pdf_without_text_says_it_may_be_a_scan() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    read = attachment_text(out.getvalue(), "pdf")
    assert read.text is None and "扫描件" in (read.note or "")


def test_docx_paragraphs_and_tables_in_order() -> None:
    read = attachment_text(docx_file(), "docx")
    assert read.text == ("关于教师资格认定的公示\n姓名\t身份证号\t联系电话\n"
                         "刘晓燕\t360702198506123219\t13907105678\n公示期为5个工作日。")


def test_xlsx_cells_read_as_a_person_reads_them() -> None:
    rows = [["序号", "姓名", "身份证号", "手机", "发放日期", "金额"],
            [1, "王梓涵", "360702200903150026", 13807101234, date(2026, 11, 12), 1500.5],
            [2.0, None, None, 15979102345.0, None, None]]
    read = attachment_text(xlsx_file(rows), "xlsx")
    assert read.text is not None
    lines = read.text.splitlines()
    assert lines[0] == "名单"
    assert lines[2] == "1\t王梓涵\t360702200903150026\t13807101234\t2026-11-12T00:00:00\t1500.5"
    assert lines[3] == "2\t15979102345"


@pytest.mark.parametrize("body, file_type", [
    (b"%PDF-1.4\n%broken beyond repair", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "docx"),  # an old .doc under a .docx name
    ("<html><body>页面不存在</body></html>".encode(), "xlsx"),  # an error page served as the file
    (b"", "pdf"),
])
def test_unreadable_files_give_a_note_not_an_exception(body: bytes, file_type: str) -> None:
    read = attachment_text(body, file_type)
    assert read.text is None and read.note


def test_zip_that_unpacks_too_large_is_not_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_UNPACKED_XML_BYTES", 10_000)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_file())) as source, zipfile.ZipFile(out, "w") as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        bomb.writestr("customXml/big.xml", "<a>" + " " * 20_000 + "</a>")
    read = attachment_text(out.getvalue(), "docx")
    assert read.text is None and "解压后过大" in (read.note or "")


def test_text_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_TEXT_CHARS", 1_000)
    rows = [[n, "学生", "360702200903150026"] for n in range(2_000)]
    read = attachment_text(xlsx_file(rows), "xlsx")
    assert read.text is not None and len(read.text) == 1_000
