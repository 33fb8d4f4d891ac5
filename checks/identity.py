"""Identity checks: the footer's identity marks, the head's meta tags, and the site's domain."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from govmon.config import RulesFile

_MAX_SAMPLES = 10  # sample URLs kept per missing mark or tag
_SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")  # on every page
_ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")  # on article pages
_GOV_SUFFIXES = (".gov.cn", ".政务", ".xn--zfr164b")  # xn--zfr164b is 政务 in punycode
# The 找错 platform is run by 中国政府网 itself; its own 网站纠错 page is the platform's front door.
_PLATFORM_HOST = "www.gov.cn"
_HIDDEN_ENTRY = "“我为政府网站找错”入口在页面代码中，但被隐藏（display:none / visibility:hidden），访问者看不到"


def readable(page: PageFact) -> bool:
    """An HTML page of the site that opened (304: unchanged, its facts kept from the last crawl),
    not a 'page not found' or a bot wall."""
    return (page.status in (200, 304) and bool(page.facts.get("identity"))
            and not page.facts.get("soft404") and not page.facts.get("bot_wall"))


def footer_read(page: PageFact) -> bool:
    """A readable page read to its end: a page cut short at max_page_bytes has lost its footer."""
    return readable(page) and not page.facts.get("truncated")


def is_article(page: PageFact) -> bool:
    """A page with its own publication date that is neither the homepage nor a column's list."""
    return not page.is_home and page.facts.get("column") is None and bool(page.facts.get("published"))


def footer_marks(page: PageFact) -> dict[str, str | None]:
    """Chinese name of each mark the footer must show -> the value showing it, None when missing."""
    identity = page.facts["identity"]
    return {
        "网站标识码": identity.get("site_code_footer"),
        "ICP备案号": identity.get("icp"),
        "公安机关备案号": identity.get("police"),
        "党政机关网站标识": identity.get("conac"),
        "“我为政府网站找错”入口": _zhaocuo_entry(page),
        "主办单位": identity.get("host_unit"),
        # real footers rarely print a phone beside 主办单位: a 联系我们 page gives the contacts as well
        "联系方式": identity.get("contact") or identity.get("contact_page"),
    }


def _zhaocuo_entry(page: PageFact) -> str | None:
    """The visible 找错 entry; for a State Council department (bm code) a 纠错 link to www.gov.cn counts."""
    identity = page.facts["identity"]
    if identity.get("jiucuo") and not identity.get("jiucuo_hidden"):
        return identity["jiucuo"]
    correction = identity.get("correction_page")
    if correction and (identity.get("site_code_footer") or "").startswith("bm"):
        if urlsplit(urljoin(page.final_url, correction)).hostname == _PLATFORM_HOST:
            return correction
    return None


def _tally(pages: list[PageFact], missing_on: Callable[[PageFact], list[str]]) -> dict[str, dict[str, Any]]:
    """name -> how many of the pages lack it, with sample URLs."""
    found: dict[str, dict[str, Any]] = {}
    for page in pages:
        for name in missing_on(page):
            entry = found.setdefault(name, {"count": 0, "samples": []})
            entry["count"] += 1
            if len(entry["samples"]) < _MAX_SAMPLES:
                entry["samples"].append(page.url)
    return found


def _missing_marks(page: PageFact) -> list[str]:
    return [name for name, value in footer_marks(page).items() if not value]


@check("IDENT-MISSING")
def ident_missing(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the homepage's footer lacks one of 网站标识码, ICP备案号, 公安机关备案号,
    党政机关网站标识, the 我为政府网站找错 entry, 主办单位 or its contacts (a phone or e-mail near the
    footer marks, or a 联系我们/联系方式 link). The detail counts the other pages lacking each mark.

    Why: 19号 功能设计·网站标识 and 47号指引: the footer must show these marks.
    Example: the footer shows only 赣ICP备19004567号-2.
    Not a finding: a footer that names the unit only as 版权所有 (it is the host unit); a State
    Council department (bm code) whose 纠错 link goes to www.gov.cn (the 找错 platform's own
    operator); other pages lacking marks while the homepage has them (counted in the detail only);
    a homepage that did not open or was cut short (its footer was not read).
    """
    home = site.homepage
    if home is None or not footer_read(home):
        return
    marks = footer_marks(home)
    missing = [name for name, value in marks.items() if not value]
    if not missing:
        return
    others = [page for page in site.pages if not page.is_home and footer_read(page)]
    detail: dict[str, Any] = {
        "missing": missing,
        "found": {name: value for name, value in marks.items() if value},
        "other_pages": {"checked": len(others), "missing": _tally(others, _missing_marks)},
    }
    if home.facts["identity"].get("jiucuo_hidden"):
        detail["reason"] = _HIDDEN_ENTRY
    yield Finding("IDENT-MISSING", site.site_id, "deduction", url=site.home_url, where="homepage",
                  detail=detail)


def _meta_value(page: PageFact, name: str) -> str:
    """A head <meta name> content, names compared case-insensitively; "" when absent or empty."""
    meta = page.facts.get("meta") or {}
    return next((str(value).strip() for key, value in meta.items() if key.lower() == name.lower()), "")


def _missing_tags(page: PageFact) -> list[str]:
    wanted = _SITE_TAGS + (_ARTICLE_TAGS if is_article(page) else ())
    return [tag for tag in wanted if not _meta_value(page, tag)]


def _code_mismatch(page: PageFact) -> list[str]:
    """SiteIDCode that disagrees with the 网站标识码 the same page's footer shows."""
    meta_code = _meta_value(page, "SiteIDCode").lower()
    footer_code = page.facts["identity"].get("site_code_footer")
    return ["SiteIDCode与页脚网站标识码不一致"] if meta_code and footer_code and meta_code != footer_code else []


@check("IDENT-META")
def ident_meta(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: pages without <meta> SiteName, SiteDomain or SiteIDCode, article pages without
    ArticleTitle, PubDate or ContentSource, and SiteIDCode that differs from the footer's 网站标识码.
    One finding per site, with counts and sample URLs per tag.

    Why: 19号 功能设计·网站标识 (网页元数据, per 《政府网站网页设计规范》).
    Example: 500 pages lack SiteIDCode: one finding saying 500, with ten of them.
    Not a finding: article tags on the homepage, column lists and other undated pages; a tag with
    another letter case (siteidcode); pages that did not open, 'page not found' pages, bot walls.
    An empty SiteIDCode (content="") is missing, whatever the footer shows.
    """
    pages = [page for page in site.pages if readable(page)]
    missing = _tally(pages, _missing_tags)
    mismatched = _tally(pages, _code_mismatch)
    if not missing and not mismatched:
        return
    articles = sum(1 for page in pages if is_article(page))
    for tag, entry in missing.items():
        entry["of"] = articles if tag in _ARTICLE_TAGS else len(pages)
    detail: dict[str, Any] = {"pages_checked": len(pages), "articles_checked": articles, "missing": missing}
    if mismatched:
        detail["mismatch"] = mismatched
    home = site.homepage
    if home is not None and readable(home) and (code := home.facts["identity"].get("site_code_footer")):
        detail["site_code_footer"] = code  # what SiteIDCode should say
    yield Finding("IDENT-META", site.site_id, "deduction", url=site.home_url, detail=detail)


def is_gov_host(host: str) -> bool:
    return f".{host.lower().rstrip('.')}".endswith(_GOV_SUFFIXES)


@check("DOMAIN-NOT-GOV")
def domain_not_gov(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: the host of the site's configured homepage URL is not under .gov.cn or .政务
    (also written xn--zfr164b).

    Why: 19号 功能设计·域名: government sites use government domains (.gov.cn; 中文域名 .政务).
    Example: www.hexilvyou.com.
    Not a finding: a .gov.cn host on a non-default port (www.hexi.gov.cn:8080); 万载政府网.政务;
    other hosts the site links to or is crawled on (extra_hosts, outsourced systems): only the
    site's own address is judged.
    """
    host = urlsplit(site.home_url).hostname or ""
    if not is_gov_host(host):
        yield Finding("DOMAIN-NOT-GOV", site.site_id, "deduction", url=site.home_url,
                      detail={"host": host, "reason": f"网站域名 {host} 不在 .gov.cn 或 .政务 下"})
