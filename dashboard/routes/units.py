"""The overview leaderboard (/) and one unit's page (/units/{unit_id})."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from dashboard import queries
from dashboard.routes import get_session, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    rows = queries.leaderboard(session)
    return render(request, "index.html", rows=rows)


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit_page(
    request: Request,
    unit_id: str,
    status: str = "open",
    code: str = "",
    page: int = 1,
    session: Session = Depends(get_session),
) -> HTMLResponse:
    unit = queries.unit(session, unit_id)
    if unit is None:
        raise HTTPException(status_code=404, detail=f"未找到单位“{unit_id}”，请从总览页重新选择。")
    score = queries.latest_unit_scores(session, [unit.id]).get(unit.id)
    return render(
        request,
        "unit.html",
        unit=unit,
        parent=queries.unit(session, unit.parent_id) if unit.parent_id else None,
        children=queries.child_units(session, unit.id),
        score=score,
        breakdown=queries.breakdown(score.breakdown if score else None),
        sites=queries.unit_sites(session, unit.id),
        accounts=queries.unit_accounts(session, unit.id),
        findings=queries.unit_findings(session, unit.id, status, code.strip(), page),
        targets=queries.target_names(session, unit.id),
    )
