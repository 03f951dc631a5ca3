"""Chinese and Arabic numbers, and the quantities they form with units and comparators.

``parse_number`` reads one numeral (``1.5万``, ``三百``, ``两千``, ``二〇二五``); ``find_quantities``
finds every counted quantity in a text (``不少于1000人次``, ``80%以上``, ``223.3万元``, ``3-5万元``)
and leaves out what only looks like one: years, dates, document and phone numbers, ordinals,
list markers, labels (``3+3+N``, ``“十四五”``) and set phrases (``一次性``). Comparator, unit and
numeral vocabularies are data (``nlp/data/*.tsv``), compiled once into one regex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policyintel.nlp.quantity_vocab import alternation, unit_alternation, vocab

_ARABIC_CORE = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
_ARABIC = r"(?<![A-Za-z0-9０-９.．_/+\-])" + _ARABIC_CORE
_SPACE = r"[ \u3000\u00a0]?"
_YEAR_RANGE = (1900, 2100)
_QUOTES = {"“": "”", "「": "」", "『": "』"}
_NUMERAL_RUN = re.compile(r"[0-9一二三四五六七八九十]{1,4}")
_CLAUSE_OPEN = "，,；;：:。、（(\n \u3000"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as it stands in a text, with its unit and comparator.

    ``start``/``end`` span the whole phrase (comparator word through unit and 以上), offsets in
    the text passed to ``find_quantities``; ``num_start``/``num_end`` span the numeral alone.
    Money is converted to yuan (``unit`` 元, ``raw_unit`` as written, e.g. 万元). For a range
    (``3-5万元``) ``low``/``high`` are its ends and ``value`` is ``high``.
    ``kind``: count, money, percent, duration, measure, scale, fraction, ratio or number.
    """

    start: int
    end: int
    value: float
    unit: str | None
    raw_unit: str | None
    comparator: str | None
    is_money: bool
    approx: bool
    low: float | None = None
    high: float | None = None
    kind: str = "number"
    is_scale: bool = False
    per: str | None = None
    num_start: int = 0
    num_end: int = 0


def _num_class() -> str:
    v = vocab()
    return "".join(sorted(set(v.digits) | set(v.small) | set(v.big)))


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = vocab()
    cn = f"[{_num_class()}]+(?:点[{''.join(v.digits)}]+)?"
    num = f"(?:{_ARABIC}|{cn})"
    mag = "[" + "".join(sorted(set(v.small) | set(v.big))) + "]{1,3}"
    mag_units = [u for u in v.units if u[0] in v.small or u[0] in v.big]
    units = unit_alternation(v.units)
    per_units = alternation(list(v.units) + ["人", "年", "月", "季度", "学期", "生"])
    pre, post, mid = (alternation(v.words(p)) for p in ("pre", "post", "mid"))
    pattern = (
        rf"(?:(?P<pre>{pre}){_SPACE})?"
        rf"(?:(?P<pctword>百分之|千分之)(?P<pnum>{num})"
        rf"|(?P<fden>{num})分之(?P<fnum>{num})"
        rf"|(?P<fa>{_ARABIC})/(?P<fb>[0-9]+)(?![/0-9])"
        rf"|(?P<num>{num})(?:{_SPACE}(?P<mag1>{mag})?(?P<unit1>{units})?{_SPACE}"
        rf"(?P<sep>[-—–~～至到]){_SPACE}(?P<num2>{_ARABIC_CORE}|{cn}))?)"
        rf"{_SPACE}(?:(?P<unit0>{alternation(mag_units)})"
        rf"|(?P<mid0>{mid})?(?P<mag>{mag})?(?P<mid>{mid})?(?P<unit>{units})?)"
        rf"(?:/(?P<per>{per_units}))?"
        r"(?:[（(]含[^）)\n]{0,8}[）)])?"
        rf"(?P<post>{post})?"
    )
    ratio = (r"(?<![0-9.:：])(?P<a>[0-9]+(?:\.[0-9]+)?)[ ]?[:：][ ]?"
             r"(?P<b>[0-9]+(?:\.[0-9]+)?)(?![0-9]|[:：][0-9])")
    idioms = re.compile(alternation(v.idioms)) if v.idioms else re.compile(r"(?!x)x")
    return re.compile(pattern), re.compile(ratio), idioms


def parse_number(s: str) -> float | None:
    """The value of one numeral: '1.5万'→15000, '三百'→300, '二〇二五'→2025; None if malformed."""
    v = vocab()
    s = s.strip().replace(",", "").replace("．", ".")
    if not s:
        return None
    s = s.translate(_FULLWIDTH)
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_number(whole) if whole else 0.0
        if w is None or not frac or any(c not in v.digits for c in frac):
            return None
        return w + float("0." + "".join(str(v.digits[c]) for c in frac))
    if all(c in v.digits for c in s):  # positional: 二〇二五
        return float("".join(str(v.digits[c]) for c in s))
    total = section = small = 0.0
    num: float | None = None
    i = 0
    while i < len(s):
        c = s[i]
        m = re.match(r"[0-9]+(?:\.[0-9]+)?", s[i:])
        if m:
            if num is not None:
                return None
            num = float(m.group())
            i += m.end()
            continue
        if c in v.digits:
            d = v.digits[c]
            if num is not None:
                return None  # two digits with no multiplier between: 十四五, 五零
            if d:
                num = float(d)
        elif c in v.small:
            small += (num if num is not None else 1.0) * v.small[c]
            num = None
        elif c in v.big:
            group = small + (num or 0.0)
            if v.big[c] >= 10**8:
                total = (total + section + group or 1.0) * v.big[c]
                section = 0.0
            else:
                section = (section + group or 1.0) * v.big[c]
            small, num = 0.0, None
        else:
            return None
        i += 1
    return total + section + small + (num or 0.0)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def money_to_yuan(value: float, unit: str) -> float:
    """A sum written as ``value`` ``unit`` in yuan: (70, '万元') → 700000."""
    v = vocab()
    factor = 1.0
    rest = unit
    while rest and (rest[0] in v.small or rest[0] in v.big) and rest not in v.units:
        factor *= v.small.get(rest[0]) or v.big[rest[0]]
        rest = rest[1:]
    u = v.units.get(rest)
    if u is not None and u.yuan_factor is not None:
        factor *= u.yuan_factor
    return value * factor


def _is_year(text: str, value: float | None) -> bool:
    if value is None:
        return False
    digits = text.strip()
    return len(digits) == 4 and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1]


def _inside_title(text: str, pos: int) -> bool:
    """True when ``pos`` sits inside a 《…》 title (《…十五条政策措施》)."""
    left = text[max(0, pos - 60):pos]
    o = left.rfind("《")
    if o < 0 or "》" in left[o:]:
        return False
    c = text.find("》", pos, pos + 60)
    return c >= 0 and "\n" not in text[pos:c]


def _inside_label(text: str, pos: int, window: int = 24) -> bool:
    """True when ``pos`` sits inside a quoted label (“3+3+N”, “十四五”, “616”) or a 《title》."""
    if _inside_title(text, pos):
        return True
    lo = max(0, pos - window)
    left = text[lo:pos]
    for open_, close in _QUOTES.items():
        o = left.rfind(open_)
        if o < 0 or close in left[o:]:
            continue
        c = text.find(close, pos, pos + window)
        if c >= 0 and not any(ch in "。；;\n" for ch in text[lo + o:c]):
            return True
    return False


def _excluded(text: str, m: re.Match[str], num_start: int, unit_end: int, cn: bool,
              idioms: re.Pattern[str]) -> bool:
    v = vocab()
    for word in v.before_context:
        if text.startswith(word, num_start - len(word)) and num_start >= len(word):
            return True
    for word in v.before_clause:
        k = num_start - len(word)
        if k >= 0 and text.startswith(word, k) and (k == 0 or text[k - 1] in _CLAUSE_OPEN):
            return True
    for word in v.after_context:
        if text.startswith(word, unit_end):
            return True
    if v.after_numeral:
        n = _NUMERAL_RUN.match(text, unit_end)
        if n is not None and text.startswith(v.after_numeral, n.end()):
            return True  # 五届|三次会议: a session number, not a count of sessions
    if cn and (idioms.match(text, num_start) or (m.start("pre") >= 0 and idioms.match(text, m.start()))):
        return True
    if text[num_start:unit_end].startswith("一") and m.group("num") == "一" and any(
            text.startswith(w, num_start - len(w)) for w in v.before_one if num_start >= len(w)):
        return True  # 同一人, 只能享受一次, 的一个短板: an article or a word, not a count
    before = text[num_start - 1] if num_start else ""
    after = text[unit_end] if unit_end < len(text) else ""
    if before == "+" or after == "+":
        return True  # 3+3+N, 1+X, 5+1
    if _inside_label(text, num_start, 80 if cn else 24):
        return True
    line_start = num_start == 0 or text[num_start - 1] == "\n"
    return line_start and after in ".．、" and m.group("unit") is None


def _mag_factor(mag: str | None) -> float:
    v = vocab()
    factor = 1.0
    for c in mag or "":
        factor *= v.small.get(c) or v.big.get(c) or 1
    return factor


def _snap(x: float | None) -> float | None:
    """Drop float noise from magnitude products: 1.08 × 10^12 is 1080000000000, not …0001."""
    if x is None:
        return None
    r = round(x)
    return float(r) if abs(x - r) <= 1e-9 * max(1.0, abs(x)) else float(x)


def _has_digit(numeral: str) -> bool:
    v = vocab()
    return any(c.isdigit() or c in v.digits for c in numeral) or numeral[:1] in ("十", "拾")


def _unit_end(m: re.Match[str]) -> int:
    for g in ("unit0", "unit", "mid", "mag", "mid0", "num2", "num", "pnum", "fnum", "fb"):
        if m.group(g) is not None:
            return m.end(g)
    return m.end()


def _build(text: str, m: re.Match[str], idioms: re.Pattern[str], bare: bool) -> Quantity | None:
    v = vocab()
    low = high = None
    unit: str | None = None
    raw_unit: str | None = None
    is_scale = False
    if m.group("pctword") is not None:
        ng = "pnum"
        value = parse_number(m.group("pnum"))
        unit = raw_unit = "%" if m.group("pctword") == "百分之" else "‰"
        kind = "percent"
    elif m.group("fden") is not None or m.group("fa") is not None:
        ng = "fnum" if m.group("fden") is not None else "fa"
        a, b = ((m.group("fnum"), m.group("fden")) if ng == "fnum"
                else (m.group("fa"), m.group("fb")))
        num, den = parse_number(a), parse_number(b)
        value = num / den if num is not None and den else None
        kind = "fraction"
    else:
        ng = "num"
        numeral = m.group("num")
        value = parse_number(numeral)
        unit_text = m.group("unit0") or m.group("unit") or m.group("unit1")
        mag = m.group("mag") or ""
        info = v.units.get(unit_text) if unit_text else None
        kind = info.kind if info else "number"
        if kind == "scale":  # 3000亿级, 千亿级: a magnitude label, not a count
            if not any(c in v.big or c in v.small for c in numeral + mag):
                return None
            is_scale = True
        elif not _has_digit(numeral) or not value:
            return None  # 万源市, 千校万岗, 零部件: a magnitude or a zero alone is not a count
        if value is None:
            return None
        if unit_text == "年" and (_is_year(numeral, value) or (
                m.group("num2") and _is_year(m.group("num2"), parse_number(m.group("num2"))))):
            return None
        if unit_text is None and not mag and not bare:
            return None
        if unit_text is None and _is_year(numeral, value) and not mag:
            return None
        factor = _mag_factor(mag)
        value *= factor
        if m.group("num2") is not None and (numeral[:1].isdigit() != m.group("num2")[:1].isdigit()):
            # 2.5亿元到四川: not a range; read the first number alone
            rx = _compiled()[0]
            head = rx.match(text, m.start(), m.start("sep"))
            return _build(text, head, idioms, bare) if head else None
        if m.group("num2") is not None:
            second = parse_number(m.group("num2"))
            if second is None:
                return None
            first_factor = _mag_factor(m.group("mag1")) if m.group("mag1") else (
                1.0 if any(c in v.big for c in numeral) else factor)
            low = (value / factor) * first_factor
            high = second * factor
            value = high
        if info is not None and info.kind == "money":
            value, unit = value * (info.yuan_factor or 1), "元"
            low = low * (info.yuan_factor or 1) if low is not None else None
            high = value if high is not None else None
        elif unit_text is not None:
            unit = "%" if unit_text == "％" else unit_text
        raw_unit = (mag + unit_text) if unit_text else (mag or None)
    if value is None:
        return None
    num_start, num_end = m.start(ng), m.end(ng)
    cn = not m.group(ng)[:1].isdigit()
    if _excluded(text, m, num_start, _unit_end(m), cn, idioms):
        return None
    comparator, approx = None, False
    for g in ("pre", "mid0", "mid", "post"):  # later words override: 超2000万度(含)以上 is >=
        word = m.group(g)
        if word:
            c = v.comparators[word]
            comparator = c.comparator or comparator
            approx = approx or c.approx
    value, low, high = _snap(value), _snap(low), _snap(high)
    start, end = m.start(), m.end()
    while end > start and text[end - 1] in " \u3000\u00a0":
        end -= 1
    return Quantity(start, end, float(value), unit, raw_unit, comparator, kind == "money",
                    approx, low, high, kind, is_scale, m.group("per"), num_start, num_end)


def find_quantities(text: str, start: int = 0, end: int | None = None, *,
                    bare: bool = False) -> list[Quantity]:
    """All quantities in ``text[start:end]``, offsets into ``text``, in order.

    A number needs a unit (人次, 个, 万元, %), a magnitude (60万) or a 百分之/分数 form to count;
    ``bare=True`` also returns plain numbers that pass the other filters.
    """
    rx, _, idioms = _compiled()
    stop = len(text) if end is None else end
    out = []
    for m in rx.finditer(text, start, stop):
        q = _build(text, m, idioms, bare)
        if q is not None:
            out.append(q)
    return out


def find_ratios(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Matching ratios such as ``1:0.5`` (value 0.5 = second / first), kind ``ratio``."""
    _, rx, _ = _compiled()
    stop = len(text) if end is None else end
    out = []
    for m in rx.finditer(text, start, stop):
        a, b = float(m.group("a")), float(m.group("b"))
        if a == 0 or (len(m.group("a")) == 2 and len(m.group("b")) == 2):
            continue  # 09:39 is a time of day
        out.append(Quantity(m.start(), m.end(), b / a, None, None, None, False, False,
                            kind="ratio", num_start=m.start(), num_end=m.end()))
    return out
