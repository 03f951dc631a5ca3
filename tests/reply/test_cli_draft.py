"""The draft-reply and eval-drafts verbs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

PROPOSALS = Path(__file__).resolve().parent / "proposals"


@pytest.fixture(scope="module")
def app():
    from policyintel.cli import load_commands

    return load_commands()


def test_draft_reply_json_and_docx(app, fold_db, tmp_path):
    out = tmp_path / "reply.docx"
    result = CliRunner().invoke(app, [
        "draft-reply", str(PROPOSALS / "suining-14.txt"), "--city", "遂宁", "--unit", "市政府办公室",
        "--db", str(fold_db("遂宁")), "--out", str(out), "--format", "json",
        "--doc-number", "遂府办函〔2025〕58号", "--date", "2025年7月16日"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["header"]["doc_number"] == "遂府办函〔2025〕58号"
    assert data["paragraphs"][0]["text"] == "遂府办函〔2025〕58号"
    assert data["checks"]["numbers_without_source"] == []
    assert out.stat().st_size > 10_000


def test_draft_reply_markdown_from_stdin(app, fold_db):
    text = (PROPOSALS / "nantong-gongshanglian.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(app, ["draft-reply", "-", "--city", "南通", "--db",
                                      str(fold_db("南通"))], input=text)
    assert result.exit_code == 0, result.output
    assert "## 一、工作开展情况" in result.stdout and "[^1]:" in result.stdout
    assert "南通市工商联：" in result.stdout


def test_draft_reply_without_index_fails_cleanly(app, tmp_path):
    result = CliRunner().invoke(app, ["draft-reply", str(PROPOSALS / "dazhou-384.txt"),
                                      "--city", "达州", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1


@pytest.mark.slow
def test_eval_drafts_prints_each_fold(app):
    result = CliRunner().invoke(app, ["eval-drafts", "--json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["city"] for r in rows] == ["遂宁", "南通", "达州"]
    assert all(0 <= r["ask_coverage"] <= 1 for r in rows)
