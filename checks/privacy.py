"""Privacy checks: personal data published unmasked, in a page's text or in an attachment's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from crawler.extractors.links import extension
from govmon.config import PrivacyRules, RulesFile

KIND_NAMES = {"id_card": "身份证号", "mobile": "手机号码", "bank_card": "银行卡号"}
_MAX_SAMPLES = 3  # masked samples kept per kind
_MAX_SOURCES_KEPT = 20  # pages linking an attachment, kept as evidence
_OLDEST_BIRTH = date(1900, 1, 1)
# GB/T 2260 province codes: the first two digits of every 居民身份证号码 (81–83: 港澳台居民居住证)
_PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
                        45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83})
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # GB 11643-1999
_ID_CHECK_CHARACTERS = "10X98765432"
# A number is whole only between non-alphanumerics: 2026-00002 in 014736521A/2026-00002 is no phone.
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_ID = re.compile(_ALONE_BEFORE + r"\d{17}[\dX]" + _ALONE_AFTER)
# 138-1234-5678 too; a number followed by a unit (15000000000元) is an amount, not a phone
_MOBILE = re.compile(_ALONE_BEFORE + r"1[3-9]\d(?:-?\d{4}){2}" + r"(?![0-9A-Za-z]|[元万亿千百人次件个户亩吨米%])")
# 6222 0212 3456 7890 123 too, but not a run of four-digit years (2020 2021 2022 2023 2024)
_CARD = re.compile(_ALONE_BEFORE + r"(?<!\d[ -])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)"
                   + r"(?![0-9A-Za-z]|[ -]\d)")
# URLs keep their digits to themselves (/art/2026/11/16/art_13907105678.html)
_URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|www\.[A-Za-z0-9\-._~/?#=&%]+")
_LABEL_LOOKBACK_CHARS = 30  # enough for a look-alike label and the punctuation after it


def personal_numbers(text: str, rules: PrivacyRules, today: date) -> dict[str, list[str]]:
    """Kind (id_card, mobile, bank_card) -> the distinct unmasked numbers in text, as written.

    Full-width digits count (NFKC); digits inside URLs, inside longer runs of digits or letters, and
    right after a look-alike label (索引号, 统一社会信用代码, …) do not.
    """
    text = _URL.sub(" ", unicodedata.normalize("NFKC", text)).upper()
    lookalike = _label_pattern(tuple(rules.lookalike_labels))
    found: dict[str, dict[str, None]] = {kind: {} for kind in KIND_NAMES}  # ordered sets

    def candidates(pattern: re.Pattern[str]) -> Iterator[tuple[str, int]]:
        """(number without separators, where it starts) for each match not after a look-alike label."""
        for match in pattern.finditer(text):
            if not lookalike.search(text, max(0, match.start() - _LABEL_LOOKBACK_CHARS), match.start()):
                yield re.sub(r"[ -]", "", match.group()), match.start()

    def near(start: int, words: Iterable[str], chars: int) -> bool:
        return any(word in text[max(0, start - chars):start] for word in words)

    for number, _ in candidates(_ID):
        if is_id_number(number, today):
            found["id_card"][number] = None
    for number, start in candidates(_MOBILE):
        if not near(start, rules.work_contact_labels, rules.work_contact_context_chars):
            found["mobile"][number] = None
    cards = {number: start for number, start in candidates(_CARD)
             if number not in found["id_card"] and luhn_valid(number)}
    # one card beside its keyword makes the list's other Luhn-valid numbers cards too (a table column)
    if any(near(start, rules.bank_card_keywords, rules.bank_card_context_chars) for start in cards.values()):
        found["bank_card"] = dict.fromkeys(cards)
    return {kind: list(numbers) for kind, numbers in found.items() if numbers}


def is_id_number(number: str, today: date) -> bool:
    """An 18-character 居民身份证号码: a province code, a birth date that has been, the check character."""
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _ID_WEIGHTS))
    return _OLDEST_BIRTH <= born <= today and _ID_CHECK_CHARACTERS[total % 11] == number[17]


def luhn_valid(number: str) -> bool:
    """The check digit every bank card number (ISO/IEC 7812) ends with."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def masked(kind: str, number: str) -> str:
    """A sample a notice may quote: enough to find the number on the page, never the number."""
    keep_start = 3 if kind == "mobile" else 4
    return number[:keep_start] + "*" * (len(number) - keep_start - 4) + number[-4:]


@lru_cache(maxsize=8)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A look-alike label right before the number, with nothing but punctuation between."""
    if not labels:
        return re.compile(r"(?!)")
    return re.compile("(?:" + "|".join(map(re.escape, labels)) + r")[\s:：]*$")


def _evidence(found: dict[str, list[str]], where: str) -> dict[str, object]:
    counts = {kind: len(numbers) for kind, numbers in found.items()}
    return {
        "kinds": list(found),
        "counts": counts,
        "samples": {kind: [masked(kind, n) for n in numbers[:_MAX_SAMPLES]] for kind, numbers in found.items()},
        "reason": f"{where}含未脱敏的" + "、".join(f"{KIND_NAMES[kind]} {n} 个" for kind, n in counts.items()),
    }


def _distinct_pages(pages: list[PageFact]) -> Iterator[PageFact]:
    """One page per final URL: a page reached by a redirect and linked directly is one page."""
    kept: set[str] = set()
    for page in sorted(pages, key=lambda page: page.url != page.final_url):
        if page.final_url not in kept:
            kept.add(page.final_url)
            yield page


@check("PRIVACY-LEAK")
def privacy_leak(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: personal data published unmasked, in a page's visible text or in the text of
    a pdf/docx/xlsx attachment on the site's hosts: 18-character 居民身份证号码 (province code,
    real birth date, GB 11643 check character), mobile numbers (11 digits 1[3-9]…) and bank card
    numbers (16–19 digits passing the Luhn check, after 银行卡/卡号/账号/开户 within 100 characters).
    One finding per page or attachment, with counts per kind and masked samples only.

    Why: 19号 发布解读·信息安全: publishing 身份证号、手机号、银行卡号 unmasked (e.g. in a 公示名单)
    leaks citizens' personal information; a serious deduction.
    Example: a 教师资格认定公示 lists 刘晓燕 360702198506123219 13907105678.
    Not a finding: masked numbers (3607**********3219, 138****5678); 18 digits with a wrong check
    character or an impossible birth date; 统一社会信用代码, 索引号 (014736521A/2026-00002), 文号 and
    numbers after other look-alike labels; office phones with an area code (0710-1234567,
    07108765432) and hotlines (12345); a mobile number right after 联系人/咨询电话 (a published work
    contact); digits inside URLs or inside longer runs; 16–19-digit numbers with no bank-card
    keyword before them (order and serial numbers).
    """
    limits = rules.privacy
    for page in _distinct_pages(site.pages):
        if found := personal_numbers(page.text, limits, today):
            yield Finding("PRIVACY-LEAK", site.site_id, "deduction", url=page.url,
                          detail=_evidence(found, "页面正文") | {"found_in": "page_text"})
    for link in site.links:
        if not link.text or not (found := personal_numbers(link.text, limits, today)):
            continue
        file_type = extension(link.url)
        first = link.sources[0] if link.sources else None
        yield Finding(
            "PRIVACY-LEAK", site.site_id, "deduction", url=link.url,
            source_url=first.page_url if first else None,
            detail=_evidence(found, f"附件（{file_type}）") | {
                "found_in": "attachment",
                "file_type": file_type,
                "anchor": first.anchor if first else "",
                "source_count": len(link.sources),
                "sources": [source.page_url for source in link.sources[:_MAX_SOURCES_KEPT]],
            },
        )
