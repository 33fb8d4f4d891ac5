"""Policy documents (政策文件) with gov.cn-style metadata tables, their 解读 pages, and the DOC-* seeds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from govmon.demo.content import article_id
from govmon.demo.model import Column, Item, Link


@dataclass(frozen=True)
class DocSpec:
    """One policy document; ages are days before today."""

    title: str
    number: str | None          # 发文字号 (None = missing: DOC-META-MISSING)
    written: int                 # 成文日期 age
    published: int               # 发布日期 age
    validity: str | None = "有效"  # 有效性 (None = missing: DOC-VALIDITY-MISSING)
    valid_until: int | None = None  # 有效期至 age (negative = in the future)
    interpretation: int | None = 1  # days after publication the 解读 appeared (None = none)
    defects: tuple[tuple[str, str], ...] = ()   # (code, note) for the answer key
    topic: str = "综合政务"


def qingshan_docs() -> list[DocSpec]:
    """The portal's 政策文件 column: mostly fine, each seeded problem on its own document."""
    return [
        DocSpec("青山市人民政府关于进一步优化营商环境的若干措施", "青府发〔{y}〕12号", 13, 10,
                topic="综合政务\\其他"),
        DocSpec("青山市城市道路挖掘管理办法", "青府规〔{y}〕3号", 25, 22, validity=None,
                defects=(("DOC-VALIDITY-MISSING", "行政规范性文件未标注有效性"),), topic="城乡建设、环境保护\\市政"),
        DocSpec("青山市人民政府办公室关于规范城市公共停车场收费管理的通知", "青府办规〔{y}〕2号", 50, 47,
                validity=None, interpretation=None,
                defects=(("DOC-VALIDITY-MISSING", "行政规范性文件未标注有效性"),
                         ("DOC-NO-INTERPRETATION", "政策文件无解读")), topic="市场监管、安全生产监管\\物价"),
        DocSpec("青山市农村集体经济组织财务管理办法", "青府规〔{y}〕5号", 733, 730, valid_until=40,
                defects=(("DOC-VALIDITY-STALE", "标注“有效”但有效期已届满"),), topic="农业、林业、水利\\农业、畜牧业、渔业"),
        DocSpec("青山市人民政府关于加快推进新型工业化的实施意见", "青府发〔{y}〕9号", 95, 35,
                defects=(("DOC-LATE", "成文日期后超过20个工作日才公开"),), topic="工业、交通\\其他"),
        DocSpec("青山市人民政府办公室关于印发青山市防汛抗旱应急预案的通知", None, 64, 62,
                defects=(("DOC-META-MISSING", "元数据缺少发文字号"),), topic="公共安全\\应急管理"),
        DocSpec("青山市人民政府办公室关于印发青山市高标准农田建设实施方案的通知", "青府办发〔{y}〕21号", 43, 40,
                interpretation=15, defects=(("DOC-NO-INTERPRETATION", "解读晚于文件发布3个工作日以上"),),
                topic="农业、林业、水利\\农业、畜牧业、渔业"),
        DocSpec("青山市人民政府关于公布青山市第三批非物质文化遗产代表性项目名录的通知", "青府发〔{y}〕5号", 125, 122,
                topic="科技、教育\\文化"),
        DocSpec("青山市人民政府办公室关于进一步加强校园食品安全管理的通知", "青府办发〔{y}〕11号", 160, 158,
                interpretation=0, topic="市场监管、安全生产监管\\食品药品监管"),
    ]


def build_policy(specs: list[DocSpec], today: date, org: str, host: str, index_code: str,
                 doc_col: Column, interp_col: Column) -> list[tuple[Item, DocSpec]]:
    """Fill the document and interpretation columns; returns each document item with its spec."""
    out = []
    for n, spec in enumerate(specs, 1):
        pub = today - timedelta(days=spec.published)
        written = today - timedelta(days=spec.written)
        path = f"{doc_col.path}{pub:%Y%m}/t{pub:%Y%m%d}_{article_id(host, 'zcwj', n)}.html"
        meta = {"索引号": f"{index_code}/{pub.year}-{n:05d}", "主题分类": spec.topic, "发文机关": org,
                "成文日期": f"{written.year}年{written.month:02d}月{written.day:02d}日", "标题": spec.title,
                "发布日期": f"{pub.year}年{pub.month:02d}月{pub.day:02d}日", "_related": "政策解读"}
        if spec.number:
            meta["发文字号"] = spec.number.format(y=written.year)
        if spec.validity:
            meta["有效性"] = spec.validity
        if spec.valid_until is not None:
            until = today - timedelta(days=spec.valid_until)
            meta["有效期至"] = f"{until.year}年{until.month:02d}月{until.day:02d}日"
        body = ["各县（市、区）人民政府，市政府各部门：",
                f"现将《{spec.title.split('关于印发')[-1].removesuffix('的通知')}》有关事项通知如下，请认真贯彻执行。",
                "一、总体要求。坚持以人民为中心的发展思想，统筹发展和安全，依法依规推进各项工作。",
                "二、主要任务。各地各部门要结合实际，细化工作措施，明确责任分工，确保按时完成目标任务。",
                "三、保障措施。加强组织领导，强化督促检查，及时总结推广经验做法。",
                f"{org}", f"{written.year}年{written.month}月{written.day}日", "（此件公开发布）"]
        doc = Item(spec.title, pub, path, clock="10:00", source=org, body=body, meta=meta,
                   template="policy.html")
        if spec.interpretation is not None:
            jd_day = min(pub + timedelta(days=spec.interpretation), today)
            jd_path = f"{interp_col.path}{jd_day:%Y%m}/t{jd_day:%Y%m%d}_{article_id(host, 'zcjd', n)}.html"
            short = spec.title.split("关于印发")[-1].removesuffix("的通知")
            jd = Item(f"一图读懂《{short}》", jd_day, jd_path, clock="16:00", source=org,
                      body=[f"近日，{org}印发《{short}》（以下简称《文件》）。现就有关内容解读如下。",
                            "一、出台背景。为贯彻落实上级决策部署，结合我市实际，制定本文件。",
                            "二、主要内容。《文件》共分为总体要求、主要任务、保障措施三个部分。"],
                      links=[Link(f"原文：{spec.title}", path)], meta={"_related": "相关文件"})
            interp_col.items.append(jd)
            doc.links.append(Link(f"解读：{jd.title}", jd_path))
        doc_col.items.append(doc)
        out.append((doc, spec))
    return out
