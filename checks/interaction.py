"""Interaction checks: letters to message boards (领导信箱, 咨询投诉) left without a reply."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from checks.facts import PageFact, SiteFacts
from checks.registry import Finding, check
from govmon.config import InteractionRules, RulesFile


@dataclass
class Letter:
    """One letter as the crawl saw it: on its board's list, on its own page, or both."""

    url: str
    title: str = ""
    asked: date | None = None
    replied: date | None = None
    answered: bool = False  # a reply date or 已回复 seen anywhere
    pending: bool = False  # 办理中, 未回复 or a blank reply date seen
    board: str | None = None  # the board (list page) it was seen on

    def merge(self, seen: dict[str, Any], fallback_title: str) -> None:
        """Add what one page says; a reply seen anywhere wins over 办理中 seen elsewhere."""
        self.title = self.title or seen["title"] or fallback_title
        self.asked = self.asked or (date.fromisoformat(seen["asked"]) if seen["asked"] else None)
        if seen["replied"]:
            self.replied = max(filter(None, [self.replied, date.fromisoformat(seen["replied"])]))
        self.answered = self.answered or bool(seen["replied"]) or seen["status"] == "answered"
        self.pending = self.pending or seen["status"] == "pending"


@dataclass
class Board:
    url: str  # its first list page
    letters: list[Letter] = field(default_factory=list)


@check("INTERACTION-UNANSWERED")
def interaction_unanswered(site: SiteFacts, rules: RulesFile, today: date) -> Iterator[Finding]:
    """What it checks: a letter to a message board, asked within the last year (lookback_days),
    still shown unanswered (办理中, 未回复, blank 回复时间) 90 days or more after it came in: a veto
    (60 days: an early warning), one finding per letter at the letter's page; and a board whose
    newest published reply is 60 days old or more, or that shows no reply at all: a deduction,
    one finding per board at its list page.

    Why: 19号 互动交流: 留言超过 3 个月未回复 is a veto; 近 2 个月无回复公开 is a deduction.
    Example: 领导信箱 lists a letter of 100 days ago marked 办理中 with a blank 回复时间.
    Not a finding: a letter waiting less than warn_days; a letter answered, however late; an
    unanswered letter asked before the lookback year; a letter whose pages show neither a reply
    nor a status (unknown); a letter seen on its board and on its own page (one letter, one
    finding); a board listing no letters (COLUMN-EMPTY's business); a board whose letters say
    已回复 without any reply date (when it replied is unknown).
    """
    letters, boards = read_boards(site)
    limits = rules.interaction
    for letter in letters:
        if finding := _unanswered(letter, site.site_id, limits, today):
            yield finding
    for board in boards:
        if finding := _no_reply(board, site.site_id, limits, today):
            yield finding


def _unanswered(letter: Letter, site_id: str, limits: InteractionRules, today: date) -> Finding | None:
    if letter.answered or not letter.pending or letter.asked is None:
        return None
    waiting = (today - letter.asked).days
    if waiting > limits.lookback_days or waiting < limits.warn_days:
        return None
    return Finding(
        code="INTERACTION-UNANSWERED",
        target=site_id,
        severity="veto" if waiting >= limits.unanswered_days else "warning",
        url=letter.url,
        source_url=letter.board,
        detail={"title": letter.title, "asked": letter.asked.isoformat(), "waiting_days": waiting,
                "threshold_days": limits.unanswered_days, "board": letter.board,
                "reason": f"留言“{letter.title}”自 {letter.asked} 来信，{waiting} 天未回复"},
    )


def _no_reply(board: Board, site_id: str, limits: InteractionRules, today: date) -> Finding | None:
    newest = max((letter.replied for letter in board.letters if letter.replied), default=None)
    if newest is None and any(letter.answered for letter in board.letters):
        return None  # replied, but the board does not say when
    age = (today - newest).days if newest else None
    if age is not None and age < limits.no_reply_days:
        return None
    asked = max((letter.asked for letter in board.letters if letter.asked), default=None)
    return Finding(
        code="INTERACTION-UNANSWERED",
        target=site_id,
        severity="deduction",
        url=board.url,
        detail={"newest_reply": newest and newest.isoformat(), "reply_age_days": age,
                "threshold_days": limits.no_reply_days, "letters": len(board.letters),
                "newest_asked": asked and asked.isoformat(),
                "reason": f"最近一次公开答复 {newest}，距今 {age} 天" if newest else "栏目中的留言均未公开答复"},
    )


def read_boards(site: SiteFacts) -> tuple[list[Letter], list[Board]]:
    """Every letter once (list row and letter page merged), and the boards that list them.

    A board is its first list page; later pages of a paged list join it. Letters listed on the
    homepage count as letters but do not make the homepage a board.
    """
    letters: dict[str, Letter] = {}
    boards: dict[str, Board] = {}
    board_of = _first_pages(site.pages)
    for page in site.pages:
        facts = page.facts.get("messages")
        if not facts:
            continue
        on_list = facts["kind"] == "list"
        for seen in facts["messages"]:
            url = seen["url"] if on_list else page.url
            letter = letters.setdefault(url, Letter(url))
            letter.merge(seen, "" if on_list else page.title)
            if on_list and not page.is_home:
                board = boards.setdefault(board_of[page.url], Board(board_of[page.url]))
                letter.board = letter.board or board.url
                if letter not in board.letters:
                    board.letters.append(letter)
    return list(letters.values()), list(boards.values())


def _first_pages(pages: list[PageFact]) -> dict[str, str]:
    """page URL -> the first page of its paged list (itself when it is no list's later page)."""
    earlier = {later: page.url for page in pages
               for later in (page.facts.get("column") or {}).get("pagination", [])}
    first: dict[str, str] = {}
    for page in pages:
        url, seen = page.url, {page.url}
        while url in earlier and earlier[url] not in seen:
            url = earlier[url]
            seen.add(url)
        first[page.url] = url
    return first
