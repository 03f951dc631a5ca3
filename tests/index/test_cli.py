"""The index verbs of the CLI: parse, call one library function, render."""

from __future__ import annotations

import json

import pytest
from policyintel.cli import load_commands
from typer.testing import CliRunner

VERBS = ("build", "search", "records", "similar", "compare")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(load_commands(), list(args))


@pytest.mark.parametrize("verb", VERBS)
def test_help_ends_with_an_example(verb):
    result = run(verb, "--help")
    assert result.exit_code == 0
    assert f"Example: policyintel {verb}" in result.output


def test_search_json(corpus_db):
    result = run("search", "技能大师工作室", "--db", str(corpus_db), "--format", "json", "-n", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["count"] == 3 and data["hits"][0]["highlights"]
    assert "«技能大师工作室»" in data["hits"][0]["snippet"]


def test_search_table(corpus_db):
    result = run("search", "大师", "--db", str(corpus_db), "-n", "2")
    assert result.exit_code == 0 and "大师" in result.stdout


def test_records_json_page_and_csv_export(corpus_db, tmp_path):
    result = run("records", "--db", str(corpus_db), "--format", "json", "-n", "2")
    data = json.loads(result.stdout)
    assert {"total", "next_cursor", "records"} <= set(data)
    out = tmp_path / "r.csv"
    result = run("records", "--db", str(corpus_db), "--format", "csv", "--out", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_records_xlsx_to_file(corpus_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert run("records", "--db", str(corpus_db), "-f", "xlsx", "-o", str(out)).exit_code == 0
    assert load_workbook(out)["records"]["A1"].value == "id"


def test_compare_json_and_csv(corpus_db):
    result = run("compare", "--measure", "技能大师工作室", "--db", str(corpus_db), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["measures"] == ["技能大师工作室"]
    result = run("compare", "--db", str(corpus_db), "-f", "csv")
    assert result.stdout.startswith("\ufeffmeasure,city")


def test_similar_json(corpus_db):
    result = run("similar", "对新获批国家级技能大师工作室给予一次性奖励", "--db", str(corpus_db),
                 "-f", "json", "-n", "2")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["hits"]) == 2


def test_missing_index_is_a_clear_error(tmp_path):
    result = run("search", "大师", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "policyintel build" in result.output


def test_unsupported_format_is_refused(corpus_db):
    assert run("search", "大师", "--db", str(corpus_db), "-f", "xlsx").exit_code != 0


def test_build_with_a_bad_file_exits_non_zero(tmp_path):
    good = tmp_path / "c" / "a.txt"
    good.parent.mkdir()
    good.write_text("关于建设技能大师工作室的通知\n对新获批国家级技能大师工作室给予奖励。\n",
                    encoding="utf-8")
    (tmp_path / "c" / "b.docx").write_bytes(b"PK\x03\x04 broken zip")
    result = run("build", str(tmp_path / "c"), "--db", str(tmp_path / "x.db"), "-q", "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["added"] == 1 and [f["path"] for f in report["failed"]] == [
        str(tmp_path / "c" / "b.docx")]
