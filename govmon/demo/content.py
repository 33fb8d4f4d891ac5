"""Deterministic Chinese text for the demo sites: titles, bodies and dated item lists."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from datetime import date, timedelta

from govmon.demo.model import Item

TOPICS = ["安全生产", "优化营商环境", "乡村振兴", "森林防火", "城市管理", "防汛抗旱", "招商引资",
          "民生实事", "政务公开", "数字政府建设", "生态环境保护", "文明城市创建", "粮食安全",
          "稳就业", "消防安全", "食品安全", "重点项目建设", "高标准农田建设", "河湖长制",
          "老旧小区改造", "校园安全", "义务教育优质均衡", "基层卫生服务", "文旅融合发展"]
SECTOR_TOPICS = {
    "edu": ["校园安全", "义务教育优质均衡", "课后服务", "教师队伍建设", "学前教育普惠", "中考招生",
            "职业教育", "学生资助", "校园食品安全", "双减工作", "教育督导", "控辍保学"],
    "health": ["基层卫生服务", "家庭医生签约", "传染病防控", "医疗质量安全", "爱国卫生运动", "健康促进",
               "妇幼健康", "医养结合", "卫生应急", "无偿献血", "中医药发展", "医疗机构监督"],
    "tour": ["文旅融合发展", "乡村旅游", "非遗保护传承", "文化惠民演出", "旅游市场秩序", "A级景区创建",
             "公共文化服务", "文物安全", "全民阅读"],
    "transport": ["农村公路建设", "道路运输安全", "公交线路优化", "治超工作", "交通工程质量", "冬季道路保畅"],
}
NAMES = ["王建华", "李明", "张志强", "刘红梅", "陈国庆", "杨帆", "赵丽", "黄伟", "周敏", "吴刚",
         "徐海燕", "孙立新", "胡晓东", "朱文静", "高俊"]

TITLES = {
    "dynamic": ["{org}召开{topic}工作推进会", "{city}领导调研{topic}工作", "{city}举办{topic}专题培训班",
                "{city}开展{topic}专项检查", "{org}部署{topic}重点工作", "{city}{topic}工作现场会召开",
                "{city}{topic}工作取得阶段性成效", "{org}党组理论学习中心组开展{topic}专题学习"],
    "notice": ["关于做好{year}年{topic}工作的通知", "关于开展{topic}专项行动的通知",
               "关于{topic}有关事项的公告", "关于{year}年{topic}项目的公示",
               "关于征求《{city}{topic}实施办法（征求意见稿）》意见的公告"],
    "policy": ["{org}关于进一步加强{topic}工作的实施意见", "{org}办公室关于印发{city}{topic}工作方案的通知",
               "{city}{topic}管理办法", "{org}关于推进{topic}高质量发展的若干措施"],
    "personnel": ["{name}等同志任职前公示", "{city}{year}年公开招聘事业单位工作人员公告",
                  "关于{name}同志任免职务的通知", "{city}{year}年公开遴选公务员拟遴选人员名单公示"],
    "plan": ["{city}{year}年{topic}工作计划", "{city}“十五五”{topic}专项规划", "{org}{year}年工作要点",
             "{city}{topic}三年行动计划（{year}—{year2}年）"],
}

# Serious wording errors seeded on the sites (wrong -> right); config/ may build its lexicon from this.
WORDING_LEXICON = {"国家工商行政管理总局": "国家市场监督管理总局",
                   "国家卫生和计划生育委员会": "国家卫生健康委员会",
                   "青山市卫生和计划生育委员会": "青山市卫生健康委员会",
                   "国家旅游局": "文化和旅游部"}

BODY = ["为深入贯彻落实上级关于{topic}工作的决策部署，{date}，{org}组织召开专题会议，研究部署相关工作。",
        "会议指出，做好{topic}工作事关全局、事关民生，各地各部门要提高政治站位，压紧压实责任，确保各项任务落地见效。",
        "会议强调，要坚持问题导向，聚焦群众关心关注的重点难点，建立健全工作台账，实行清单化管理、项目化推进。",
        "下一步，{org}将进一步完善工作机制，加强统筹协调和督促检查，推动{topic}工作再上新台阶。",
        "各县（市、区）人民政府、市直有关单位负责同志参加会议。"]


def rng_for(*parts: object) -> random.Random:
    """A random generator seeded from the parts, so every run builds the same site."""
    return random.Random(zlib.crc32("/".join(map(str, parts)).encode()))


def article_id(*parts: object) -> int:
    """A stable six-digit article number."""
    return 100000 + zlib.crc32("|".join(map(str, parts)).encode()) % 900000


def title(rng: random.Random, kind: str, day: date, org: str, city: str,
          topics: list[str] | None = None) -> str:
    pattern = rng.choice(TITLES[kind])
    return pattern.format(org=org, city=city, topic=rng.choice(topics or TOPICS), year=day.year,
                          year2=day.year + 2, name=rng.choice(NAMES))


def body(rng: random.Random, item_title: str, day: date, org: str,
         topics: list[str] | None = None) -> list[str]:
    topic = rng.choice(topics or TOPICS)
    paras = [p.format(topic=topic, org=org, date=f"{day.month}月{day.day}日") for p in BODY]
    return [f"【{item_title}】"] + paras[: 3 + rng.randrange(3)]


def dated_items(seed: str, kind: str, count: int, newest: int, spacing: int, today: date,
                path_fn: Callable[[date, int], str], org: str, city: str,
                source: str = "", sector: str | None = None) -> list[Item]:
    """`count` items, the newest `newest` days before today, about `spacing` days apart."""
    rng = rng_for(seed, kind, count)
    items = []
    for i in range(count):
        age = newest + i * spacing + (rng.randrange(spacing) if spacing > 1 and i else 0)
        day = today - timedelta(days=age)
        topics = SECTOR_TOPICS.get(sector or "")
        t = title(rng, kind, day, org, city, topics)
        clock = f"{8 + rng.randrange(10):02d}:{rng.randrange(60):02d}"
        items.append(Item(t, day, path_fn(day, i), clock=clock, source=source or org,
                          body=body(rng, t, day, org, topics)))
    return items


def trs_path(prefix: str, seed: str) -> Callable[[date, int], str]:
    """TRS WCM article paths: /zwdt/202611/t20261120_123456.html."""
    return lambda d, i: f"{prefix}{d:%Y%m}/t{d:%Y%m%d}_{article_id(seed, prefix, i)}.html"


def hanweb_path(col_id: int) -> Callable[[date, int], str]:
    """Hanweb article paths: /art/2026/11/20/art_1234_5678.html (month/day not zero-padded)."""
    return lambda d, i: f"/art/{d.year}/{d.month}/{d.day}/art_{col_id}_{article_id(col_id, i) % 90000 + 1000}.html"
