"""Reply drafting: a proposal (pasted text or an uploaded file) → a cited draft reply.

``POST /draft-reply`` takes JSON (the proposal's text and the header options) and
``POST /draft-reply/file`` a multipart upload with the same options as form fields. Both answer
the draft as JSON (structure, citations, Markdown) or, with ``format=docx``, the letter as DOCX.
"""

from __future__ import annotations

import tempfile
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.responses import Response
from policyintel.api.deps import SettingsDep, StoreDep
from policyintel.api.routers import errors
from pydantic import BaseModel, Field

router = APIRouter(tags=["draft"])
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OutFormat = Literal["json", "docx"]
_DRAFT_200 = {200: {"description": "The draft as JSON (structure, citations, Markdown) or, with "
                    "format=docx, the letter as DOCX.",
                    "content": {"application/json": {"schema": {"type": "object"}},
                                DOCX_TYPE: {"schema": {"type": "string", "format": "binary"}}}}}


class DraftRequest(BaseModel):
    """A pasted proposal and the letter's header options."""

    text: str = Field(min_length=10, max_length=200_000, description="The proposal's text.")
    city: str = Field(min_length=1, max_length=20, description="The city that replies (遂宁).")
    unit: str | None = Field(None, max_length=60, description="Issuing unit (市人社局).")
    addressee: str | None = Field(None, max_length=60)
    doc_number: str | None = Field(None, max_length=60)
    date: str | None = Field(None, max_length=30, description="Date under the signature.")
    result_class: str | None = Field(None, max_length=2, description="A, B or C.")


def _answer(store: Any, proposal: Any, options: dict[str, Any], fmt: str) -> Any:
    from policyintel.reply.draft import draft_reply
    from policyintel.reply.markdown import to_markdown

    city = options.pop("city")
    draft = draft_reply(store, proposal, city, **options)
    if fmt == "docx":
        from policyintel.reply.docx_writer import docx_bytes

        return Response(docx_bytes(draft), media_type=DOCX_TYPE, headers={
            "Content-Disposition": 'attachment; filename="reply.docx"'})
    return {**draft.to_dict(), "markdown": to_markdown(draft)}


@router.post("/draft-reply", responses={**_DRAFT_200, **errors(400, 413, 422, 503)})
def draft_reply(
    store: StoreDep,
    body: DraftRequest,
    format: Annotated[OutFormat, Query(description="json (default) or docx.")] = "json",
) -> Any:
    """Draft the reply to a pasted proposal: every number and fact cited from the index,
    【待补充：…】 where the index has nothing for an ask."""
    from policyintel.reply.proposal import proposal_from_text

    proposal = proposal_from_text(body.text, source="<pasted>")
    return _answer(store, proposal, body.model_dump(exclude={"text"}), format)


@router.post("/draft-reply/file", responses={**_DRAFT_200, **errors(400, 413, 415, 422, 503)})
def draft_reply_file(
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The proposal: TXT, DOCX, PDF or HTML.")],
    city: Annotated[str, Form(min_length=1, max_length=20)],
    unit: Annotated[str | None, Form(max_length=60)] = None,
    addressee: Annotated[str | None, Form(max_length=60)] = None,
    doc_number: Annotated[str | None, Form(max_length=60)] = None,
    date: Annotated[str | None, Form(max_length=30)] = None,
    result_class: Annotated[str | None, Form(max_length=2)] = None,
    format: Annotated[OutFormat, Query(description="json (default) or docx.")] = "json",
) -> Any:
    """Draft the reply to an uploaded proposal file."""
    from policyintel.api.uploads import save_upload
    from policyintel.reply.proposal import read_proposal

    with tempfile.TemporaryDirectory(prefix="policyintel-draft-") as tmp:
        path, _ = save_upload(file.file, tmp, file.filename, settings.max_upload_bytes)
        proposal = read_proposal(path)
    options = {"city": city, "unit": unit, "addressee": addressee, "doc_number": doc_number,
               "date": date, "result_class": result_class}
    return _answer(store, proposal, options, format)
