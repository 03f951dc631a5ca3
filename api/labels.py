"""Chinese labels and one-line summaries of records for the web page.

A summary works on a stored record (``RecordRow.to_dict()``), a contract record and a compare
entry alike: they share the contract's field names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

KIND_LABELS = {"target": "目标", "achievement": "成效", "subsidy": "补贴",
               "responsibility": "责任分工"}
KIND_HINTS = {"target": "今后要达到的量化目标", "achievement": "已经取得的量化成果",
              "subsidy": "财政奖补、补贴金额", "responsibility": "牵头和配合单位"}
DOC_TYPE_LABELS = {"proposal_reply": "提案/建议答复", "action_plan": "行动方案",
                   "implementation_plan": "实施方案", "measures": "政策措施", "notice": "通知",
                   "other": "其他"}
REPAIR_LABELS = {"web_junk": "删去网页杂项", "join": "接续断行", "date": "日期规范",
                 "doc_number_bracket": "文号规范"}
METADATA_LABELS = {"title": "标题", "city": "城市", "issuer": "发文单位", "doc_number": "文号",
                   "date": "日期", "doc_type": "类型", "addressee": "主送", "session": "会议",
                   "proposal_number": "提案号", "proposer": "提案人", "attachments": "附件"}
COMPARATORS = {">=": "≥", ">": "＞", "=": "", "<=": "≤", "<": "＜"}


def number(value: Any) -> str:
    """A number as a reader writes it: no trailing .0, no exponent."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(value)


def yuan(amount: Any) -> str:
    """An amount in yuan as 70万元, 1.5亿元 or 5000元."""
    if amount is None:
        return ""
    a = float(amount)
    if abs(a) >= 1e8:
        return f"{number(round(a / 1e8, 4))}亿元"
    if abs(a) >= 1e4:
        return f"{number(round(a / 1e4, 4))}万元"
    return f"{number(a)}元"


def _quantity(f: Mapping[str, Any]) -> str:
    if f.get("value") is None:
        return ""
    if f.get("unit") == "元":
        return COMPARATORS.get(f.get("comparator") or "=", "") + yuan(f["value"])
    return f"{COMPARATORS.get(f.get('comparator') or '=', '')}{number(f['value'])}{f.get('unit') or ''}"


def _units(units: Any) -> str:
    return "、".join(str(u) for u in units or ())


def summary(kind: str, f: Mapping[str, Any]) -> str:
    """One line saying what a record of ``kind`` with fields ``f`` commits to."""
    if kind == "target":
        out = " ".join(p for p in (f.get("metric"), _quantity(f)) if p)
        return out + (f"（{f['deadline_year']}年）" if f.get("deadline_year") else "")
    if kind == "achievement":
        out = " ".join(p for p in (f.get("metric"), _quantity(f)) if p)
        return out + (f"（{f['year']}年）" if f.get("year") else "")
    if kind == "subsidy":
        money = ("最高" if f.get("is_cap") else "") + yuan(f.get("amount_yuan"))
        if money and f.get("per"):
            money += f"/{f['per']}"
        ratio = f.get("ratio")
        level, recipient = f.get("level"), f.get("recipient")
        parts = [None if level and recipient and level in recipient else level, recipient, money,
                 f"比例{number(round(ratio * 100, 4))}%" if isinstance(ratio, (int, float))
                 and 0 < ratio <= 1 else None, f.get("form")]
        return " ".join(str(p) for p in parts if p)
    if kind == "responsibility":
        lead = f.get("lead_units_canonical") or f.get("lead_units")
        partner = f.get("partner_units_canonical") or f.get("partner_units")
        parts = ([f"牵头：{_units(lead)}"] if lead else []) + (
            [f"配合：{_units(partner)}"] if partner else [])
        return "；".join(parts)
    return ""
