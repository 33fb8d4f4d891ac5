"""Static bytes the demo sites serve: CSS, JS, images and small but well-formed attachments."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache

import openpyxl

CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333}
.container{width:1200px;margin:0 auto}.header{background:#c00;color:#fff}.nav{background:#a00}
.nav li{display:inline-block;padding:0 16px}.nav a{color:#fff}.footer{background:#eee;padding:20px 0;text-align:center}
.news-list li,.list li{list-style:none;border-bottom:1px dashed #ddd}.date{float:right;color:#999}
"""
JS = "function createPageHTML(n,c,p,s){/* TRS pager: rendered as plain links below */}\n"
JPAGE = "/* Hanweb jpage: pages the datastore records through dataproxy.jsp */\n"

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png", ".jpg": "image/jpeg", ".gif": "image/gif",
    ".css": "text/css", ".js": "application/javascript",
}


def content_type(path: str) -> str:
    for ext, ctype in CONTENT_TYPES.items():
        if path.lower().endswith(ext):
            return ctype
    return "application/octet-stream"


@lru_cache(maxsize=None)
def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 0, 0)) -> bytes:
    """A tiny valid PNG (also served for .jpg/.gif names: browsers sniff, crawlers check status)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


@lru_cache(maxsize=None)
def pdf(text: str = "govmon demo attachment") -> bytes:
    """A one-page PDF showing `text` (one line per line, Chinese too) in the reader's own 宋体.

    STSong-Light with the UniGB-UCS2-H encoding is one of the CJK fonts every PDF reader brings:
    nothing is embedded, and the text can be extracted as written.
    """
    lines = b" T* ".join(b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj"
                         for line in text.splitlines() or [""])
    stream = b"BT /F1 12 Tf 16 TL 72 780 Td " + lines + b" ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /FontDescriptor 7 0 R "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>",
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


@lru_cache(maxsize=None)
def docx(text: str) -> bytes:
    """A minimal .docx (Office Open XML) holding one paragraph of text."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
                   f'.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                   '</w:body></w:document>')
    return buf.getvalue()


@lru_cache(maxsize=None)
def xlsx(text: str) -> bytes:
    """A real .xlsx workbook: one row per line of `text`, its cells split at tabs."""
    workbook = openpyxl.Workbook()
    for line in text.splitlines():
        workbook.active.append(line.split("\t"))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xls(text: str) -> bytes:
    """Bytes that start like an OLE2 (.xls) file; enough for status and type checks."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + text.encode("utf-8")


def attachment(path: str, text: str) -> bytes:
    """A file of the type its name says, holding `text` (its title, or a whole list)."""
    low = path.lower()
    if low.endswith(".pdf"):
        return pdf(text)
    if low.endswith(".docx"):
        return docx(text)
    if low.endswith(".xlsx"):
        return xlsx(text)
    if low.endswith(".xls"):
        return xls(text)
    return text.encode("utf-8")


def static(path: str) -> tuple[bytes, str] | None:
    """The shared assets every demo site serves (None if `path` is not one of them)."""
    if path == "/css/style.css":
        return CSS.encode(), "text/css"
    if path == "/js/common.js":
        return JS.encode(), "application/javascript"
    if path == "/module/web/jpage/jpage.js":
        return JPAGE.encode(), "application/javascript"
    if path in ("/images/logo.png", "/images/gongan.png", "/images/jiucuo.png", "/favicon.ico",
                "/images/banner.jpg", "/images/tpxw_1.jpg", "/images/tpxw_2.jpg", "/image/red.png",
                "/exposure/images/jiucuo.png"):
        return png(), "image/png"
    if path == "/robots.txt":
        return b"User-agent: *\nDisallow:\n", "text/plain; charset=utf-8"
    return None
