"""Unit-name lists: splitting outside brackets, glued names, canonical names from the alias table.

Developed on the responsibility lists of seeds 001 (Dazhou) and 004 (Yibin); the other cities'
phrasings below (Nantong, county bodies, 和-joined names) only evaluate the rules.
"""

from __future__ import annotations

import pytest
from policyintel.nlp import units
from policyintel.nlp.units import canonical, looks_like_unit, split_units


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("市人社局", "市人力资源社会保障局"),
        ("市人力资源和社会保障局", "市人力资源社会保障局"),
        ("市人力资源社会保障局", "市人力资源社会保障局"),
        ("达州市人力资源和社会保障局", "达州市人力资源社会保障局"),
        ("市发改委", "市发展改革委"),
        ("市发展和改革委员会", "市发展改革委"),
        ("市经信局", "市经济和信息化局"),
        ("市教体局", "市教育体育局"),
        ("县教育和体育局", "县教育体育局"),
        ("市住房和城乡建设局", "市住房城乡建设局"),
        ("市卫健委", "市卫生健康委"),
        ("市市场监督管理局", "市市场监管局"),
        ("市经合新产局", "市经济合作和新兴产业局"),
        ("南通市工业和信息化局", "南通市工业和信息化局"),
        ("市工信局", "市工业和信息化局"),
        ("各县(区)政府", "各县（区）人民政府"),
        ("市委市政府办公室", "市委市政府办公室"),
        ("市委人才和大学城工作局", "市委人才和大学城工作局"),
    ],
    ids=lambda v: v,
)
def test_canonical_name_from_alias_table(alias: str, expected: str) -> None:
    assert canonical(alias) == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("各县(市、区,含达州高新区、达州东部经开区,下同)人民政府(管委会)", "各县（市、区）人民政府（管委会）"),
        ("各县（市、区）人民政府（管委会）", "各县（市、区）人民政府（管委会）"),
        ("各职业(技工)院校", "各职业（技工）院校"),
        ("市卫生健康委等", "市卫生健康委"),
        ("市 人社局", "市人力资源社会保障局"),
        ("各县(含开发区)政府", "各县人民政府"),
    ],
    ids=["annotation-in-brackets", "already-full-width", "kept-bracket", "trailing-deng",
         "space-inside", "only-annotation"],
)
def test_canonical_drops_annotations_keeps_name(surface: str, expected: str) -> None:
    assert canonical(surface) == expected


def _surfaces(text: str) -> list[tuple[str, int]]:
    return [(u.surface, u.group) for u in split_units(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市人力资源社会保障局,市级各行业主管部门、各县(市、区,含达州高新区、达州东部经开区,下同)人民政府(管委会)",
         [("市人力资源社会保障局", 0), ("市级各行业主管部门", 1),
          ("各县(市、区,含达州高新区、达州东部经开区,下同)人民政府(管委会)", 1)]),
        ("市人力资源社会保障局，市财政局、各县（市、区）人民政府（管委会）",
         [("市人力资源社会保障局", 0), ("市财政局", 1), ("各县（市、区）人民政府（管委会）", 1)]),
        ("市委人才和大学城工作局、市教育体育局市财政局、市国资委",
         [("市委人才和大学城工作局", 0), ("市教育体育局", 0), ("市财政局", 0), ("市国资委", 0)]),
        ("市发改委、市商务局；市教育局、市卫生健康委等，各县(市、区)",
         [("市发改委", 0), ("市商务局", 0), ("市教育局", 1), ("市卫生健康委", 1), ("各县(市、区)", 2)]),
        ("市财政局和市人社局", [("市财政局", 0), ("市人社局", 0)]),
        ("市发展和改革委员会、市人力资源和社会保障局",
         [("市发展和改革委员会", 0), ("市人力资源和社会保障局", 0)]),
        ("市委市政府", [("市委", 0), ("市政府", 0)]),
        ("市人社局、()、市财政局", [("市人社局", 0), ("市财政局", 0)]),
        ("县(区)工业经济主管部门", [("县(区)工业经济主管部门", 0)]),
    ],
    ids=["dazhou-nested-brackets-xiatong", "full-width-comma", "glued-lost-separator",
         "semicolon-and-comma-groups", "he-joined-names", "he-inside-names-not-split",
         "party-and-government", "empty-bracket-artifact", "bracket-at-start"],
)
def test_split_units(text: str, expected: list[tuple[str, int]]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("余杭区人力社保局西湖区教育局", [("余杭区人力社保局", 0), ("西湖区教育局", 0)]),
        ("南海区人社局和顺德区财政局", [("南海区人社局", 0), ("顺德区财政局", 0)]),
        ("国家税务总局绵竹市税务局", [("国家税务总局绵竹市税务局", 0)]),
        ("中国人民银行株洲市中心支行", [("中国人民银行株洲市中心支行", 0)]),
    ],
    ids=["glued-district-names", "he-joined-district-names", "national-office-of-a-city",
         "bank-branch-of-a-city"],
)
def test_split_place_prefixed_names(text: str, expected: list[tuple[str, int]]) -> None:
    assert _surfaces(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("杭州市余杭区人社局", "杭州市余杭区人力资源社会保障局"),
     ("黔东南苗族侗族自治州凯里市人力资源和社会保障局", "黔东南苗族侗族自治州凯里市人力资源社会保障局"),
     ("鼓楼区发改委", "鼓楼区发展改革委")],
    ids=lambda v: v,
)
def test_canonical_keeps_long_place_prefixes(name: str, expected: str) -> None:
    assert canonical(name) == expected


def test_split_offsets_slice_the_text() -> None:
    text = "（责任单位：市教育局，各高校、各职业（技工）院校）"
    listed = split_units(text, 6, len(text) - 1)
    assert [text[u.start:u.end] for u in listed.units] == [u.surface for u in listed.units]
    assert listed.separators == ("，",)
    assert [len(g) for g in listed.groups()] == [1, 2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("市人社局", True), ("各县(市、区)人民政府(管委会)", True), ("达州高新区", True),
     ("各高校", True), ("加强组织领导", False), ("2025年", False), ("", False)],
    ids=lambda v: str(v),
)
def test_looks_like_unit(name: str, expected: bool) -> None:
    assert looks_like_unit(name) is expected


def test_tables_have_headers_and_rows() -> None:
    assert units.aliases()["人社局"] == "人力资源社会保障局"
    assert units.suffixes()["管委会"] == "body"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("市财政局及人民银行曲靖市中心支行", ["市财政局", "人民银行曲靖市中心支行"]),
        ("市人社局、市财政局和国家税务总局曲靖市税务局", ["市人社局", "市财政局", "国家税务总局曲靖市税务局"]),
        ("团市委以及市妇联", ["团市委", "市妇联"]),
        ("人社部门和财政部门", ["人社部门", "财政部门"]),
        ("市卫生健康委与市医保局", ["市卫生健康委", "市医保局"]),
        ("市发展和改革委员会、市工业和信息化局", ["市发展和改革委员会", "市工业和信息化局"]),
        ("市住房和城乡建设局", ["市住房和城乡建设局"]),
        ("责任分工：市人社局、市财政局", ["市人社局", "市财政局"]),
        ("各县（市、区：含开发区）人民政府", ["各县（市、区：含开发区）人民政府"]),
    ],
    ids=["ji-before-unprefixed-bank", "he-before-national-bureau", "yiji", "he-department-types",
         "yu", "he-inside-names", "he-inside-one-name", "label-colon-never-in-name",
         "colon-inside-brackets-kept"],
)
def test_connectors_and_colons(text: str, names: list[str]) -> None:
    assert [u.surface for u in split_units(text).units] == names
