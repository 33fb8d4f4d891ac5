"""Attachments on a real crawl: the site's pdf/docx/xlsx are read up to the cap, the rest only checked."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from govmon.demo.assets import pdf, xlsx
from govmon.facts import page_text
from govmon.models import Finding, Target
from tests.crawler.harness import Site, audit, html, serve

ID, MOBILE = "360702198506123219", "13907105678"
CAP = 20_000
PDF_TYPE = {"Content-Type": "application/pdf"}
XLSX_TYPE = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
HOME = """<ul>
<li><a href="/attach/gsmd.pdf">附件1：公示名单.pdf</a></li>
<li><a href="/attach/hgmd.xlsx">附件2：合格名单.xlsx</a></li>
<li><a href="/attach/big.pdf">附件3：汇编.pdf</a></li>
<li><a href="/attach/broken.docx">附件4：申请表.docx</a></li>
<li><a href="/attach/gone.pdf">附件5：已删除.pdf</a></li>
<li><a href="/attach/old.xls">附件6：统计表.xls</a></li>
<li><a href="/attach/moved.pdf">附件7：已迁移.pdf</a></li>
</ul>"""


def test_attachments_are_read_checked_and_judged(tmp_path: Path) -> None:
    site = Site({
        "/": html(HOME),
        "/attach/gsmd.pdf": (200, PDF_TYPE, pdf(f"拟认定人员名单\n1 刘晓燕 {ID} {MOBILE}")),
        "/attach/hgmd.xlsx": (200, XLSX_TYPE, xlsx("姓名\t身份证号\n刘晓燕\t3607**********3219")),
        "/attach/big.pdf": (200, PDF_TYPE, pdf(f"汇编 {ID}") + b"%" * CAP),
        "/attach/broken.docx": (200, {"Content-Type": "application/msword"}, b"\xd0\xcf\x11\xe0not a zip"),
        "/attach/old.xls": (200, {"Content-Type": "application/vnd.ms-excel"}, b"\xd0\xcf\x11\xe0"),
        "/attach/moved.pdf": (301, {"Location": "/files/gsmd2.pdf"}, b""),
        "/files/gsmd2.pdf": (200, PDF_TYPE, pdf(f"名单 {MOBILE}")),
    })
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "attachment_text_max_bytes": CAP})
    with Session(engine) as session:
        targets = {t.url.removeprefix(url): t for t in session.exec(select(Target))}
        texts = {name: page_text(session, t.text_hash) for name, t in targets.items()}
        findings = {(f.code, f.url.removeprefix(url)): f for f in session.exec(select(Finding))}

    # read: fetched once with GET, text stored, outcome as a check would say
    assert [method for _, method in site.requests_for("/attach/gsmd.pdf")] == ["GET"]
    assert targets["attach/gsmd.pdf"].outcome == "ok"
    assert f"刘晓燕 {ID} {MOBILE}" in texts["attach/gsmd.pdf"]
    assert "3607**********3219" in texts["attach/hgmd.xlsx"]
    assert (targets["attach/moved.pdf"].outcome, texts["attach/moved.pdf"]) == ("redirect", f"名单 {MOBILE}")
    # too large: checked only, and said so without calling it broken
    big = targets["attach/big.pdf"]
    assert (big.outcome, big.text_hash) == ("ok", None)
    assert "attachment_text_max_bytes" in (big.error or "")
    broken = targets["attach/broken.docx"]
    assert (broken.outcome, broken.text_hash) == ("ok", None) and "无法解析" in (broken.error or "")
    # other types are checked as before: HEAD, no text
    assert [method for _, method in site.requests_for("/attach/old.xls")] == ["HEAD"]
    assert targets["attach/old.xls"].text_hash is None
    # a dead attachment is still a dead link
    assert targets["attach/gone.pdf"].outcome == "http"
    assert ("LINK-DEAD", "attach/gone.pdf") in findings
    # the leaks: the attachment itself, named with the page linking it; the masked list is not one
    leaks = {name for code, name in findings if code == "PRIVACY-LEAK"}
    assert leaks == {"attach/gsmd.pdf", "attach/moved.pdf"}
    leak = findings[("PRIVACY-LEAK", "attach/gsmd.pdf")]
    assert leak.source_url == url and leak.detail["file_type"] == "pdf"
    assert ID not in str(leak.detail) and MOBILE not in str(leak.detail)


def test_attachments_are_only_checked_when_the_cap_is_zero(tmp_path: Path) -> None:
    site = Site({"/": html('<a href="/attach/gsmd.pdf">附件：公示名单.pdf</a>'),
                 "/attach/gsmd.pdf": (200, PDF_TYPE, pdf(f"名单 {ID}"))})
    with serve(site) as url:
        engine = audit(tmp_path, url, crawl={"obey_robots": False, "attachment_text_max_bytes": 0})
    with Session(engine) as session:
        target = session.exec(select(Target).where(Target.url == url + "attach/gsmd.pdf")).one()
    assert (target.outcome, target.text_hash, target.error) == ("ok", None, None)
    assert [method for _, method in site.requests_for("/attach/gsmd.pdf")] == ["HEAD"]
