"""Document metadata from the header, title, body and signature block of a clean text.

Where each field comes from, first source that gives one wins; nothing is guessed, so a field
the text does not state stays None:

- ``date``: the signature date (an issuer line followed by a date line, ``2025年7月16日`` or
  ``二〇二三年八月二十二日``), else a page date (``发布时间:2023-12-11``, ``时间:2021-12-31``) in the
  page chrome of ``raw.text`` that cleaning dropped. The signing/issue date wins over the page date.
- ``issuer``: the name(s) above the signature date; else the body named in the title (``XX市人民政府
  办公室关于…``) or on the line above it; else a ``发文单位``/``来源`` value of the page chrome that is
  a full name starting with a place. A department (``市工信局综合规划处``) is not an issuer.
- ``title``: a header line (or up to four lines a layout wrapped) with 关于…, or 对…提案的答复, ending
  in a genre word (通知, 函, 实施方案…, ``nlp/data/title_words.tsv``). An issuer set off by a
  space before 关于 is the letterhead, not part of the title; spaces a layout left between Chinese
  characters are dropped. Without such a line, a document that is not a notice takes its first
  header line ending in a genre word (a plan printed alone). A notice whose title line is missing
  has no title: the name of the plan it issues is not the notice's title.
- ``doc_number``: a header line that is only ``XX〔2025〕58号``, else a ``文号`` value in the chrome.
- ``doc_type``: proposal_reply when the title or the opening says so; a notice that issues (印发)
  a plan or measures takes their type; else from the title (``nlp/data/doc_types.tsv``); a
  notice stays ``notice``, any other titled document ``other``; an untitled reply ending 此复 is
  ``other``; nothing to go on gives None.
- ``city``: from the issuer (a county's issuer gives the county's city), the title, the addressee,
  the session, or, only when the issuer is unknown and the text speaks as a city (我市, 全市,
  市政府…), the city it names at least twice and twice as often as any other.
- ``addressee``, ``proposal_number`` (digits as written), ``session``, ``proposer``,
  ``attachments``: as stated.
"""

from __future__ import annotations

import re
from collections import Counter

from policyintel.ingest.document import Document, Metadata
from policyintel.ingest.outline import HEADING_START
from policyintel.ingest.vocab import doc_type_rules, org_line, title_end
from policyintel.nlp import gazetteer

_HEAD_MAX = 4000
_ISO_DATE_LINE = re.compile(r"(?m)^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_HAN_DATE_LINE = re.compile(
    r"(?m)^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_HAN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_PAGE_DATE = re.compile(
    r"(?:发布时间|发布日期|时间)[ \t]*[:：][ \t]*(\d{4})[ \t]*[-/.][ \t]*(\d{1,2})[ \t]*[-/.][ \t]*(\d{1,2})")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔［\[（(](?:19|20)\d{2}[〕］\]）)]\d{1,5}号")
_CHROME_DOC_NUMBER = re.compile(
    r"(?:文\s*号|发文字号|文件编号)\s*[:：]\s*\|?\s*(" + _DOC_NUMBER.pattern + ")")
_CHROME_ISSUER = re.compile(r"(?:发文单位|发文机关|来\s*源)\s*[:：]\s*\|?\s*([^\s|]{4,40})")
_SENTENCE_PUNCT = re.compile(r"[。，；：,;:]")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")
_ADDRESSEE_NOT = re.compile(r"附件|抄送|来源|时间|如下|收悉|现将|提出|答复|通知|报告|责任|进展")
_PROPOSAL_OPENING = re.compile(r"提出的[^。]{0,80}?(?:提案|建议|议案)[^。]{0,30}收悉")
_PROPOSAL_NUMBER = re.compile(r"第\s*(\d{1,6})\s*号(?:委员|代表)?(?:提案|建议|议案)")
_SESSION = re.compile(
    r"[市县区省州]?(?:政协|人大)第?[一二三四五六七八九十]{1,3}届(?:人大)?[一二三四五六七八九十]{1,3}次会议")
_ISSUED = (re.compile(r"现将《([^》]{2,80})》(?:印发|转发)"),
           re.compile(r"《([^》]{2,80})》已经[^。]{0,40}(?:同意|通过)[^。]{0,20}(?:印发|转发)"))
_TITLE_ISSUED = re.compile(r"(?:印发|转发)《?(.+?)》?的通知")
_CITY_VOICE = re.compile(r"我市|全市|本市|市政府|市委")
_ATTACHMENT = re.compile(r"(?m)^附件\s*\d{0,2}\s*[:：]\s*(.*)$")
_NUMBERED = re.compile(r"\d{1,2}\s*[.．、]\s*")
_REPLY_CLOSE = re.compile(r"(?m)^此复[。.]?$")


def find_metadata(doc: Document) -> Metadata:
    """Metadata of ``doc``, read from ``doc.text`` (and the page chrome in ``doc.raw.text``)."""
    text = doc.text
    head_end = min(len(text), _HEAD_MAX)
    if doc.outline:
        head_end = min(head_end, doc.outline[0].start)
    lines = _lines(text, head_end)
    chrome = doc.raw.text[:5000]

    issuer, date = _signature(text)
    title, title_issuer = _title(lines)
    notice = _is_notice(lines, text[:head_end])
    if title is None and not notice:
        title = _plan_title(lines)
    if issuer is None:
        issuer = title_issuer or _chrome_issuer(chrome)
    if date is None:
        m = _PAGE_DATE.search(chrome)
        date = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    head = text[:head_end]
    addressee = _addressee(lines)
    doc_type = _doc_type(title, head, text)
    session = _first(_session, title, head)
    number = _first(lambda s: _PROPOSAL_NUMBER.search(s or ""), title, head)
    return Metadata(
        title=title, city=_city(issuer, title, addressee, session, text), issuer=issuer,
        doc_number=_doc_number(lines, chrome), date=date, doc_type=doc_type,
        addressee=addressee, proposal_number=number.group(1) if number else None,
        session=session, proposer=_proposer(doc_type, addressee, head),
        attachments=_attachments(text),
    )


# -- pieces --------------------------------------------------------------------------------
def _lines(text: str, end: int) -> list[str]:
    return [line for line in text[:end].split("\n") if line]


def _iso(year: int, month: int, day: int) -> str | None:
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _han_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31 (month and day numerals)."""
    if "十" not in s:
        return _HAN_DIGIT[s]
    tens, _, ones = s.partition("十")
    return (_HAN_DIGIT[tens] if tens else 1) * 10 + (_HAN_DIGIT[ones] if ones else 0)


def _signature(text: str) -> tuple[str | None, str | None]:
    """``(issuer, ISO date)`` of the first signature block: issuer line(s), then a date line."""
    org = org_line()
    found = []
    for m in _ISO_DATE_LINE.finditer(text):
        found.append((m.start(), _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _HAN_DATE_LINE.finditer(text):
        year = int("".join(str(_HAN_DIGIT[c]) for c in m.group(1)))
        found.append((m.start(), _iso(year, _han_number(m.group(2)), _han_number(m.group(3)))))
    for start, date in sorted(found):
        names: list[str] = []
        end = start - 1
        while end > 0 and len(names) < 4:
            line_start = text.rfind("\n", 0, end) + 1
            line = text[line_start:end]
            if not org.fullmatch(line):
                break
            names.insert(0, line)
            end = line_start - 1
        if names and date:
            return "、".join(names), date
    return None, None


def _title(lines: list[str]) -> tuple[str | None, str | None]:
    """``(title, issuer named with it)`` from the header lines."""
    end_word = title_end()
    org = org_line()
    for i, line in enumerate(lines[:40]):
        if "关于" not in line and not (line.startswith("对") and re.search("提案|建议", line)):
            continue
        candidate = line
        j = i
        while not end_word.search(candidate) and j + 1 < min(len(lines), i + 4):
            if _SENTENCE_PUNCT.search(lines[j + 1]):
                break
            j += 1
            candidate += lines[j]
        if not end_word.search(candidate) or _SENTENCE_PUNCT.search(candidate) or len(candidate) > 150:
            continue
        issuer = None
        before, sep, after = candidate.partition("关于")
        if sep and before:
            prefix = before.strip()
            if org.fullmatch(prefix):
                issuer = prefix
                if before != prefix:  # letterhead set off by a space: not part of the title
                    candidate = sep + after
        if issuer is None and i > 0 and org.fullmatch(lines[i - 1]):
            issuer = lines[i - 1]
        return _CJK_GAP.sub("", candidate).strip(), issuer
    return None, None


def _is_notice(lines: list[str], head: str) -> bool:
    return _addressee(lines) is not None or any(p.search(head) for p in _ISSUED)


def _plan_title(lines: list[str]) -> str | None:
    """A plan or measures printed without a notice: its first line ending in a genre word."""
    end_word = title_end()
    org = org_line()
    for line in lines[:8]:
        if (4 <= len(line) <= 60 and end_word.search(line) and not _SENTENCE_PUNCT.search(line)
                and not org.fullmatch(line) and not HEADING_START.match(line)):
            return _CJK_GAP.sub("", line)
    return None


def _chrome_issuer(chrome: str) -> str | None:
    for m in _CHROME_ISSUER.finditer(chrome):
        name = m.group(1)
        if org_line().fullmatch(name) and gazetteer.leading_place(name) is not None:
            return name
    return None


def _doc_number(lines: list[str], chrome: str) -> str | None:
    for line in lines[:15]:
        if _DOC_NUMBER.fullmatch(line):
            return line
    m = _CHROME_DOC_NUMBER.search(chrome)
    return m.group(1) if m else None


def _addressee(lines: list[str]) -> str | None:
    """The first header line ending in a colon before the body starts (主送 or the proposer)."""
    for line in lines[:20]:
        if "。" in line:
            return None
        if line.endswith("：") and len(line) <= 200 and not _ADDRESSEE_NOT.search(line):
            return line[:-1]
    return None


def _doc_type(title: str | None, head: str, text: str) -> str | None:
    rules = doc_type_rules()
    reply = next(p for p, t in rules if t == "proposal_reply")
    if (title and reply.search(title)) or _PROPOSAL_OPENING.search(head):
        return "proposal_reply"
    issued = None
    m = _TITLE_ISSUED.search(title or "")
    if m:
        issued = m.group(1)
    else:
        for p in _ISSUED:
            found = p.search(head)
            if found:
                issued = found.group(1)
                break
    if issued is not None:
        return _kind_of(issued) or "notice"
    if title:
        return _kind_of(title) or ("notice" if title.endswith("通知") else "other")
    return "other" if _REPLY_CLOSE.search(text) else None


def _kind_of(name: str) -> str | None:
    for pattern, kind in doc_type_rules():
        if kind != "proposal_reply" and pattern.search(name):
            return kind
    return None


def _session(s: str | None) -> str | None:
    if not s:
        return None
    m = _SESSION.search(s)
    if not m:
        return None
    start = m.start()
    if s[start] in "市县区省州":  # a place before it: 遂宁市人大…
        for k in range(6, 1, -1):
            if start - k >= 0 and gazetteer.lookup(s[start - k:start + 1]) is not None:
                return s[start - k:m.end()]
    return m.group()


def _first(find, *sources):
    for s in sources:
        found = find(s)
        if found:
            return found
    return None


def _city(issuer: str | None, title: str | None, addressee: str | None, session: str | None,
          text: str) -> str | None:
    if issuer:
        city = gazetteer.city_of(issuer)
        if city or gazetteer.is_province(issuer):
            return city
    for name in (title, addressee, session):
        if name:
            city = gazetteer.city_of(name) or next((c for *_, c in gazetteer.city_mentions(name)),
                                                   None)
            if city:
                return city
    if issuer:
        return None
    body = text[:20000]
    counts = Counter(c for *_, c in gazetteer.city_mentions(body)).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) == 2 and counts[0][1] < 2 * counts[1][1]):
        return None
    city = counts[0][0]
    place = gazetteer.lookup(city)
    if _CITY_VOICE.search(body) or (place is not None and place.name in body):
        return city
    return None


def _proposer(doc_type: str | None, addressee: str | None, head: str) -> str | None:
    if doc_type != "proposal_reply" or not addressee:
        return None
    for role in ("委员", "代表"):
        if addressee.endswith(role) and len(addressee) > len(role):
            return addressee[: -len(role)]
    if re.search("贵单位|贵会|贵组|你单位", head):
        return addressee
    return None


def _attachments(text: str) -> tuple[str, ...]:
    m = _ATTACHMENT.search(text)
    if not m:
        return ()
    items = []
    first = _NUMBERED.sub("", m.group(1), count=1).strip() if _NUMBERED.match(m.group(1)) \
        else m.group(1).strip()
    if first:
        items.append(first)
    # Line by line from the match: splitting the rest of the text would copy all of it.
    pos = m.end() + 1
    for _ in range(30):
        if pos > len(text):
            break
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if not _NUMBERED.match(line):
            break
        items.append(_NUMBERED.sub("", line, count=1).strip())
        pos = end + 1
    return tuple(items)
