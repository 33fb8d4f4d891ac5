"""互动交流 message boards (领导信箱): question and reply dates, for INTERACTION-UNANSWERED."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from govmon.demo.content import TOPICS, rng_for
from govmon.demo.gov_site import Page

if TYPE_CHECKING:
    from govmon.demo.gov_site import GovSite

QUESTIONS = ["关于{topic}的咨询", "反映小区周边{topic}问题", "建议加快推进{topic}", "咨询{topic}相关政策",
             "关于{topic}办理流程的询问", "对{topic}工作的意见建议"]


@dataclass
class Message:
    no: str
    title: str
    asked: date
    replied: date | None
    href: str
    question: str
    answer: str
    office: str


def board(site: GovSite, path: str, name: str, office: str, ask_ages: list[int],
          reply_after: dict[int, int | None]) -> list[Message]:
    """A 领导信箱 list page at `path` plus one detail page per letter.

    `ask_ages` are the days before today each letter came in; `reply_after[i]` is how many days
    later letter i was answered (None = unanswered); letters not listed are answered after 5 days.
    """
    rng = rng_for(site.site_id, path)
    messages = []
    for i, age in enumerate(ask_ages):
        asked = site.today - timedelta(days=age)
        delay = reply_after.get(i, 5)
        replied = asked + timedelta(days=delay) if delay is not None else None
        topic = rng.choice(TOPICS)
        no = f"XJ{asked:%Y%m%d}{i + 1:03d}"
        messages.append(Message(
            no, rng.choice(QUESTIONS).format(topic=topic), asked, replied, f"{path}detail_{no}.html",
            f"您好，我想咨询一下{topic}方面的问题，希望有关部门予以答复，谢谢！",
            f"您好！您反映的{topic}问题已收悉。经了解，相关工作正在按计划推进，感谢您的关注与支持。", office))
    newest = max((d for m in messages for d in (m.asked, m.replied) if d), default=site.today)
    site.pages.append(Page(path, name, template="board.html", nav="互动交流", day=newest,
                           context={"column": _Col(name), "messages": messages}))
    for m in messages:
        site.pages.append(Page(m.href, m.title, template="message.html", nav="互动交流",
                               day=m.replied or m.asked, context={"m": m}))
    return messages


@dataclass
class _Col:
    name: str
