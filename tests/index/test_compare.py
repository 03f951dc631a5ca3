"""Cross-city comparison and the measure taxonomy."""

from __future__ import annotations

import pytest
from policyintel.errors import ConfigError
from policyintel.index.compare import compare
from policyintel.index.measures import Taxonomy, read_measures


def test_master_studio_comparison_shows_each_city_with_sources(store):
    table = compare(store, "技能大师工作室")
    assert table.measures == ["技能大师工作室"]
    assert len(table.cities) >= 3, table.cities
    for city in table.cities:
        cell = table.cell("技能大师工作室", city)
        entries = cell.targets + cell.achievements + cell.subsidies + cell.lead_units
        assert entries
        for e in entries:
            src = e["source"]
            doc = store.document(src["doc_id"], with_text=True)
            assert doc.text[src["start"]:src["end"]] == src["quote"]
            assert src["source"] == doc.source


def test_yibin_master_studio_subsidies_by_level(store):
    table = compare(store, "技能大师工作室", cities=["宜宾"])
    cell = table.cell("技能大师工作室", "宜宾")
    assert cell is not None and cell.subsidies
    assert 700000 in cell.subsidies_by_level().get("国家级", [])


def test_alias_resolves_to_its_measure(store):
    assert compare(store, "大师工作室").measures == ["技能大师工作室"]


def test_unknown_measure_is_an_error_naming_the_known_ones(store):
    with pytest.raises(ConfigError, match="技能大师工作室"):
        compare(store, "不存在的措施")


def test_rows_are_flat_and_sourced(store):
    for row in compare(store).rows():
        assert row["measure"] and row["source"] and row["quote"]


@pytest.mark.parametrize("text, expected", [
    ("对新获批国家级技能大师工作室的单位给予奖励", ["技能大师工作室"]),
    ("全面推行企业新型学徒制，深化1+X证书制度试点", ["新型学徒制", "1+X证书"]),
    ("支持建设市级公共实训基地和高技能人才培训基地", ["公共实训基地", "高技能人才培训基地"]),
    ("培育一批“双师型”教师和订单班", ["双师型教师", "订单班"]),
    ("推进职称评审制度改革", ["职称评审"]),
], ids=["master-studio", "apprentice+1X", "two-bases", "dual-teacher+order-class", "title-review"])
def test_taxonomy_finds_measures_longest_first(text, expected):
    assert [m.measure for m in Taxonomy.load().find(text)] == expected


def test_user_file_extends_the_taxonomy(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text("# my measures\nmeasure\tcategory\taliases\n"
                    "人才公寓\thousing\t人才住房|青年人才驿站\n技能大师工作室\t\t名师工作室\n",
                    encoding="utf-8")
    assert [m.name for m in read_measures(user)] == ["人才公寓", "技能大师工作室"]
    tax = Taxonomy.load(user)
    assert [m.measure for m in tax.find("建设青年人才驿站和名师工作室")] == ["人才公寓", "技能大师工作室"]
    assert "大师工作室" in tax.measures["技能大师工作室"].aliases  # bundled aliases kept
