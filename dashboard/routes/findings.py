"""One finding's page (/findings/{finding_id}): every field, its evidence, and its detail."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from dashboard import queries
from govmon.models import Finding
from dashboard.routes import get_session, render, web_href

router = APIRouter()

# Keys checks write into Finding.detail; a key not listed here is shown as written.
DETAIL_LABELS = {
    "status": "HTTP状态码",
    "error": "错误",
    "outcome": "结果",
    "redirects": "跳转链",
    "newest_date": "最新信息日期",
    "age_days": "未更新天数",
    "newest_title": "最新信息标题",
    "newest_url": "最新信息网址",
    "basis": "判断依据",
    "reason": "说明",
    "source_count": "出现页面数",
    "sources": "出现页面",
    "anchor": "链接文字",
    "kind": "链接类型",
    "position": "链接位置",
    "elapsed_ms": "响应耗时（毫秒）",
    "checked_at": "检查时间",
    "column": "栏目",
    "column_kind": "栏目类型",
    "threshold_days": "规定期限（天）",
    "items": "信息条数",
    "count": "数量",
    "excerpt": "摘录",
    "missing": "缺失项",
    "title": "标题",
    "doc_number": "文号",
    "written_date": "成文日期",
    "published_date": "发布日期",
    "working_days": "间隔工作日",
    "validity": "有效性",
    "rate": "比例",
    "similarity": "相似度",
    "failed": "失败次数",
    "total": "总次数",
    "not_after": "证书到期时间",
    "platform": "平台",
    "last_post": "最近发布时间",
    "term": "匹配词",
    "host": "主机",
    "domain": "域名",
    "nameservers": "域名服务器",
    "ip_version": "IP版本",
}
OUTCOME_TITLES = {
    "ok": "正常",
    "redirect": "跳转",
    "http": "HTTP错误",
    "dns": "域名解析失败",
    "refused": "连接被拒绝",
    "reset": "连接被重置",
    "timeout": "超时",
    "tls": "证书或加密连接错误",
    "loop": "循环跳转",
    "too_many_redirects": "跳转次数过多",
    "soft404": "页面提示不存在（软404）",
    "blocked": "被拦截",
    "skipped": "未检查",
    "error": "其他错误",
}
LINK_KIND_TITLES = {
    "page": "网页",
    "image": "图片",
    "attachment": "附件",
    "external": "外部链接",
    "script": "脚本",
    "style": "样式表",
    "frame": "内嵌框架",
    "mailto": "邮件地址",
    "javascript": "脚本链接",
    "tel": "电话号码",
}
POSITION_TITLES = {"nav": "导航栏", "home-block": "首页栏目区", "body": "正文", "footer": "页脚"}
BASIS_TITLES = {"homepage": "首页信息", "second_level": "二级页面信息（首页仅有导航）"}
VALUE_TITLES = {
    "outcome": OUTCOME_TITLES,
    "kind": LINK_KIND_TITLES,
    "position": POSITION_TITLES,
    "basis": BASIS_TITLES,
}


def detail_entries(detail: Any) -> list[dict[str, Any]]:
    """Finding.detail as (label, raw key, value, value title) rows for a definition list."""
    if not isinstance(detail, dict):
        return [{"label": "内容", "key": "", "value": detail, "title": None}] if detail else []
    return [
        {
            "label": DETAIL_LABELS.get(str(key), str(key)),
            "key": str(key),
            "value": value,
            "title": VALUE_TITLES.get(str(key), {}).get(value) if isinstance(value, str) else None,
        }
        for key, value in detail.items()
    ]


def evidence(finding: Finding) -> list[tuple[str, str]]:
    """The URLs a clerk opens to see the problem: the URL, the page it is on, any redirect hops."""
    links = [("问题网址", finding.url), ("所在页面", finding.source_url)]
    detail = finding.detail if isinstance(finding.detail, dict) else {}
    for key, value in detail.items():
        values = value if isinstance(value, list) else [value]
        label = DETAIL_LABELS.get(str(key), str(key))
        links += [(label, v) for v in values if isinstance(v, str) and web_href(v)]
    unique: dict[str, str] = {}  # url → label, first label wins
    for label, url in links:
        if url and url not in unique:
            unique[url] = label
    return [(label, url) for url, label in unique.items()]


@router.get("/findings/{finding_id}", response_class=HTMLResponse)
def finding_page(
    request: Request, finding_id: str, session: Session = Depends(get_session)
) -> HTMLResponse:
    number = finding_id.isascii() and finding_id.isdigit() and len(finding_id) <= 18
    finding = queries.finding(session, int(finding_id)) if number else None
    if finding is None:
        raise HTTPException(status_code=404, detail=f"未找到编号为“{finding_id}”的问题。")
    return render(
        request,
        "finding.html",
        finding=finding,
        unit=queries.unit(session, finding.unit_id),
        target_name=queries.target_names(session, finding.unit_id).get(finding.target),
        details=detail_entries(finding.detail),
        evidence=evidence(finding),
    )
