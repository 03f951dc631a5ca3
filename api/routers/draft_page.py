"""The web page for reply drafting: paste or upload a proposal, read the draft with its
citations (each linking to its place in the source document), download the DOCX.

Mounted at the site root (not under /api/v1): ``app.include_router(draft_page.router)``. It
reuses the web page's templates and base layout (api/pages.py); the page is
api/templates/draft.html. Plain HTML forms, no JavaScript.
"""

from __future__ import annotations

import tempfile
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _templates() -> Any:
    from policyintel.api.pages import templates

    return templates


@router.get("/draft", response_class=HTMLResponse)
def draft_form(request: Request) -> HTMLResponse:
    return _templates().TemplateResponse(request, "draft.html", {"active": "draft",
                                                                 "form": {}, "draft": None})


def _read(text: str, upload: UploadFile | None, max_bytes: int) -> Any:
    from policyintel.reply.proposal import proposal_from_text, read_proposal

    if upload is not None and upload.filename:
        from policyintel.api.uploads import save_upload

        with tempfile.TemporaryDirectory(prefix="policyintel-draft-") as tmp:
            path, _ = save_upload(upload.file, tmp, upload.filename, max_bytes)
            return read_proposal(path)
    return proposal_from_text(text, source="<pasted>")


@router.post("/draft", response_class=HTMLResponse, response_model=None)
def draft_submit(
    request: Request,
    city: Annotated[str, Form(max_length=20)],
    text: Annotated[str, Form(max_length=200_000)] = "",
    unit: Annotated[str, Form(max_length=60)] = "",
    addressee: Annotated[str, Form(max_length=60)] = "",
    want: Annotated[str, Form(max_length=10)] = "html",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Draft the reply; ``want=docx`` answers the DOCX instead of the page."""
    from policyintel.errors import PolicyIntelError
    from policyintel.reply.draft import draft_reply

    form = {"city": city.strip(), "text": text, "unit": unit.strip(),
            "addressee": addressee.strip()}
    settings = request.app.state.settings
    try:
        proposal = _read(text, file, settings.max_upload_bytes)
        if not proposal.text.strip():
            raise ValueError("请粘贴提案正文或上传提案文件")
        with request.app.state.pool.lease() as store:
            draft = draft_reply(store, proposal, form["city"], unit=form["unit"] or None,
                                addressee=form["addressee"] or None)
    except (PolicyIntelError, ValueError) as e:
        return _templates().TemplateResponse(request, "draft.html", {
            "active": "draft", "form": form, "draft": None, "message": str(e)}, status_code=422)
    if want == "docx":
        from policyintel.reply.docx_writer import docx_bytes

        return Response(docx_bytes(draft), media_type=DOCX_TYPE, headers={
            "Content-Disposition": 'attachment; filename="reply.docx"'})
    form["text"] = form["text"] or proposal.text
    return _templates().TemplateResponse(request, "draft.html", {
        "active": "draft", "form": form, "draft": draft})
