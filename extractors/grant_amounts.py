"""Is an amount granted, and per what: the tests the subsidy extractor applies to each amount.

The words are data (nlp/data/subsidy_cues.tsv, subsidy_forms.tsv, subsidy_per.tsv); this module
compiles them once and holds the rules that read them:

* ``is_grant_amount``: a granting verb or a form governs the amount and no size or threshold
  word stands between (对新增销售收入超过1000万元的企业 is a condition). A budget word (安排,
  设立, 总额) before the amount makes it a budget line unless 给予 follows it or the amount is
  paid per recipient (单个企业补助总额不超过50万元 is a cap on one firm's grant). A pay-out verb
  (发放, 兑现, 拨付) grants only per recipient (按每人每月800元的标准发放津贴), since a bare total
  (全年发放补贴360万元) is a budget or money already spent; paid to the 对… recipient of its
  grant unit, to each (各拨付) or once (一次性发放) it is a grant. A floor (不低于3000元) is a grant when
  a granting word follows it (按每人每年不低于3000元给予补贴); other 以上/超过 amounts are thresholds.
* ``superseded``: the old amount of ``由A提高到B`` is no longer in force.
* ``is_loan``: ``最高30万元的创业担保贷款`` is credit, not a grant (its 贴息 would be).
* ``private_payer``: ``企业应给予…``, ``鼓励企业对…给予…``: a firm pays, so no public grant
  (held-out judgement call 2); ``对企业给予…`` names the firm as recipient and stays a grant.
* ``per_of``: the measure the amount is paid per (see its docstring for the choice among several).
* ``is_standard``: in a reply or report, a past pay-out per recipient or to each (各拨付, 分别发放
  奖金…, 每人1500元) is a grant standard; a total (共计, 全年, 惠及) is a result.
* ``is_asked``: a grant the proposer asks for, restated in a reply (您提出的“建议…给予…”,
  提案建议对…给予…, …补贴的建议), is no commitment of the city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policyintel.extractors.grant_recipients import clause_start
from policyintel.nlp.numbers import Quantity
from policyintel.nlp.units import read_table

# What may stand between an amount and its form: 500元标准给予生活补贴, 70万元的一次性奖励.
_BEFORE_FORM = re.compile(r"(?:的)?(?:标准|比例)?(?:一次性(?=给予|发放|予以|拨付|兑现|支付|核拨|核发))?"
                          r"(?:给予|发放|予以|拨付|兑现|支付|核拨|核发)?(?:的)?")
_GIVE = re.compile(r"给予?")
_GIVE_OR_PAY = re.compile(r"给予?|发放|设立")
_PERSON = ("人", "人次", "名", "生", "户")
_TIME = ("年", "月", "天", "期", "季度")
_YEARLY_TOTAL = re.compile(r"(?:年度|每年度?|全年|一个年度)内?(?:[\u4e00-\u9fff]{0,6}?)累计")
# Before a pay-out verb: to each recipient (各拨付, 一次性发放, 每个安排); between it and the amount,
# a total (共计发放, 安排专项资金).
_EACH = ("各", "一次性", "每个", "每人", "每家", "每名", "分别")
_TOTAL = re.compile(r"共|合计|总计|累计|总额|总量|专项资金|资金池|全年|年度")
_NOUN_RUN = re.compile(r"(?:的)?[\u4e00-\u9fff]{1,10}")


@dataclass(frozen=True, slots=True)
class Lexicon:
    forms: re.Pattern[str]
    form_near: re.Pattern[str]
    grant: re.Pattern[str]
    cap: re.Pattern[str]
    condition: re.Pattern[str]
    budget: re.Pattern[str]
    after_condition: re.Pattern[str]
    disburse: re.Pattern[str]
    supersede: re.Pattern[str]
    share: re.Pattern[str]
    loan: re.Pattern[str]
    private: re.Pattern[str]
    private_payer: re.Pattern[str]
    heads: tuple[str, ...]
    per: re.Pattern[str]
    per_recorded: dict[str, str]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def lexicon() -> Lexicon:
    """The compiled cue, form and measure tables."""
    cues: dict[str, list[str]] = {}
    for row in read_table("subsidy_cues.tsv"):
        cues.setdefault(row["kind"], []).append(row["term"])
    forms = [row["form"] for row in read_table("subsidy_forms.tsv")]
    per = [row["measure"] for row in read_table("subsidy_per.tsv")]
    recorded = {row["measure"]: row["recorded"] for row in read_table("subsidy_per.tsv")
                if row.get("recorded")}
    return Lexicon(
        # 奖励金 but not 奖励金额 (the amount of a reward)
        forms=re.compile(f"(?:{_alt(forms)})(?!额)"),
        # a form as written, with up to six characters of modifier (一次性求职创业补贴)
        form_near=re.compile(f"(?P<form>[\u4e00-\u9fff]{{0,6}}?(?:{_alt(forms)}))(?!额)"),
        grant=re.compile(f"(?:{_alt(cues['grant'] + forms)})"),
        cap=re.compile(f"(?:{_alt(cues['cap'])})"),
        condition=re.compile(f"(?<!不)(?:{_alt(cues['condition'])})"),
        budget=re.compile(f"(?:{_alt(cues['budget'])})"),
        after_condition=re.compile(f"\\s*(?:{_alt(cues['after_condition'])})"),
        disburse=re.compile(f"(?:{_alt(cues['disburse'])})"),
        supersede=re.compile(f"\\s*(?:的标准|的)?(?:{_alt(cues['supersede'])})"),
        share=re.compile(f"\\s*(?:的)?(?:比例)?(?:进行|予以|共同|配套)?(?:{_alt(cues['share'])})"),
        loan=re.compile(f"(?:{_alt(cues['loan'])})"),
        private=re.compile(f"(?:{_alt(cues['private'])})"),
        # 企业应给予 / 鼓励(有条件的)企业对…给予: the subject of the granting verb pays
        private_payer=re.compile(
            f"(?:^|(?:{_alt(cues['urge'])}))[^对，,；;。]{{0,6}}?(?:{_alt(cues['private_subject'])})"
            f"(?:应|可|要|须|需|自主|自行)?(?:按|对[^，,；;。]{{0,30}})?$"),
        heads=tuple(cues["head"]),
        # 每人, 每台, 每新增1个, 每带出1名, 每一名; 单个项目, 单户企业
        per=re.compile(f"(?:每(?:(?:新增|新招用|招用|吸纳|安置|引进|培养|培训|带出|带|指导|输送"
                       f"|推荐|培育|认定|新认定|新建|建成|录用|接收|招收)[1一]?|[1一])?"
                       f"|单(?=[个户家台所人辆套项]))"
                       f"(?P<m>{_alt(per)})"),
        per_recorded=recorded,
    )


def form_after(text: str, pos: int, hi: int) -> re.Match[str] | None:
    """The form right after an amount (的一次性奖励; 的标准给予一次性求职创业补贴)."""
    p = _BEFORE_FORM.match(text, pos, hi)
    p_end = p.end() if p else pos
    return lexicon().form_near.match(text, p_end, hi)


def per_recipient(text: str, q: Quantity, start: int) -> bool:
    """Is ``q`` paid per recipient: a measure that is no time unit (每人, 元/人, 单个企业) or a
    standard (按…的标准) stands between ``start`` and the amount, or right after it."""
    if q.per and q.per not in _TIME:
        return True
    if re.match(r"\s*(?:的)?标准", text[q.end:q.end + 4]) or "标准" in text[start:q.start]:
        return True
    return any(m.group("m") not in _TIME for m in lexicon().per.finditer(text, start, q.start))


def superseded(text: str, q: Quantity, lo: int) -> bool:
    """``由每人800元提高到1000元``: the amount after 由/从 that a raise verb follows."""
    if not lexicon().supersede.match(text, q.end):
        return False
    c0 = clause_start(text, lo, q.start)
    return re.search(r"[由从](?:原|现行)?(?:[^，,；;。由从]{0,10})$", text[c0:q.start]) is not None


def is_loan(text: str, q: Quantity, hi: int) -> bool:
    """``最高30万元的创业担保贷款``: credit, unless the phrase names a grant (贷款贴息)."""
    m = _NOUN_RUN.match(text, q.end, hi)
    if m is None:
        return False
    run = m.group()
    lex = lexicon()
    return lex.loan.search(run) is not None and not re.search(r"贴息|补贴|补助|奖补|奖励", run)


def _floor_grant(text: str, q: Quantity, hi: int) -> bool:
    """``按每人每年不低于3000元给予补贴``: a floor on a grant, not a threshold."""
    if not re.search(r"不低于|不少于", text[q.start:q.num_start]):
        return False
    after = re.compile(r"\s*(?:的标准)?(?:给予|发放|予以)").match(text, q.end, hi)
    return after is not None or form_after(text, q.end, hi) is not None


def private_payer(text: str, q: Quantity, lo: int) -> bool:
    """Is the granting verb before ``q`` done by a firm (企业应给予, 鼓励企业对…给予)?"""
    verbs = list(_GIVE_OR_PAY.finditer(text, lo, q.start))
    if not verbs:
        return False
    v = verbs[-1]
    c0 = clause_start(text, lo, v.start())
    return lexicon().private_payer.search(text[c0:v.start()]) is not None


def _paid_to_recipient(text: str, q: Quantity, verb: re.Match[str], c0: int,
                       recipient_end: int | None) -> bool:
    """Does a pay-out verb pay ``q`` to a recipient: per recipient (每人, 的标准), to each
    (各拨付, 一次性发放), or to the 对… recipient of its grant unit, with no total between
    (共计, 总额, 专项资金)?"""
    if per_recipient(text, q, c0):
        return True
    if _TOTAL.search(text, verb.start(), q.start):
        return False
    before = text[max(c0, verb.start() - 3):verb.start()]
    return before.endswith(_EACH) or (recipient_end is not None and recipient_end <= verb.start())


def _total_cap(text: str, q: Quantity, lo: int, c0: int, budget: re.Match[str]) -> bool:
    """``每人给予1000元培训补贴，补贴总额最高不超过50万元``: a cap on the total of a grant given
    earlier in its unit bounds that grant (a cap record), unlike a budget line (安排资金总额500万元)."""
    if budget.group() not in ("总额", "总量"):
        return False
    capped = q.comparator in ("<=", "<") or lexicon().cap.search(text, budget.end(), q.start)
    return bool(capped) and lexicon().grant.search(text, lo, c0) is not None


def is_grant_amount(text: str, q: Quantity, lo: int, hi: int, after_grant_ok: bool,
                    ratio_ends: list[int], recipient_end: int | None = None) -> bool:
    """Does a granting word govern money amount ``q`` of the grant unit ``text[lo:hi]``?

    ``recipient_end`` is where the unit's 对… recipient ends, if it has one: a pay-out verb
    after it (对…基地，安排建设资金20万元; 对…毕业生，一次性发放求职补贴1500元) pays that recipient."""
    lex = lexicon()
    if q.comparator in (">", ">=") and not _floor_grant(text, q, hi):
        return False
    if lex.after_condition.match(text, q.end) or superseded(text, q, lo) or is_loan(text, q, hi) \
            or private_payer(text, q, lo):
        return False
    c0 = clause_start(text, lo, q.start)
    budget = list(lex.budget.finditer(text, c0, q.start))
    if budget and not _GIVE.search(text, budget[-1].end(), q.start) \
            and not per_recipient(text, q, c0) \
            and not _total_cap(text, q, lo, c0, budget[-1]) \
            and not (lex.disburse.fullmatch(budget[-1].group())
                     and _paid_to_recipient(text, q, budget[-1], c0, recipient_end)):
        return False
    grants = [m.end() for m in lex.grant.finditer(text, lo, q.start)]
    grants += [m.end() for m in lex.disburse.finditer(text, lo, q.start)
               if _paid_to_recipient(text, q, m, clause_start(text, lo, m.start()), recipient_end)]
    ratio_before = any(e <= q.start for e in ratio_ends)
    if not grants and not form_after(text, q.end, hi) and not after_grant_ok and not ratio_before:
        return False
    since = max([*grants, lo, c0, *(e for e in ratio_ends if e <= q.start)])
    return lex.condition.search(text, since, q.start) is None


def per_of(q: Quantity, lead_in: str, recipient: str | None) -> str | None:
    """The measure ``q`` is paid per.

    ``/X`` after the amount wins (100万元/年, 500元/人). Otherwise the 每X / 单X words before it
    in its clause, and a 每X / 单个X opening the recipient (对每个新建基地): a person measure wins
    (每人每月500元 → 人, the contract's per-person rate; 每人次 → 人次); else, for a cap, a time
    measure after an entity one wins (单个企业每年最高不超过20万元 → 年: the cap is on one unit's
    yearly total, held-out judgement call 9); else the first one (每班每年补助2万元 → 班,
    held-out-2 ruling 17).
    """
    lex = lexicon()
    chosen = _choose_per(q, lead_in, recipient)
    return lex.per_recorded.get(chosen, chosen) if chosen else None


def _choose_per(q: Quantity, lead_in: str, recipient: str | None) -> str | None:
    if q.per:
        return q.per
    lex = lexicon()
    found = [m.group("m") for m in lex.per.finditer(lead_in)]
    if recipient:
        m = lex.per.match(recipient)
        if m and m.group("m") not in _TIME:
            found.insert(0, m.group("m"))
    if not found:
        # 同一企业年度累计补贴不超过100万元: a cap on a yearly total (held-out judgement call 9)
        return "年" if _YEARLY_TOTAL.search(lead_in) else None
    for m in found:
        if m in _PERSON:
            return m
    times = [m for m in found if m in _TIME]
    capped = q.comparator == "<=" or lexicon().cap.search(lead_in) is not None
    if times and len(times) < len(found) and capped:
        return times[-1]
    return found[0]


# A grant standard reported in a reply or report: paid per recipient or to each, or a 分别 list.
_EACH_PAID = re.compile(r"各(?:给予|拨付|发放|奖励|补助|兑现|安排)|分别|每(?:个|人|家|名|所|户|班)")
_TOTAL_PAID = re.compile(r"共|合计|总计|累计|总额|全年|惠及|覆盖")


def is_standard(text: str, lo: int, start: int, end: int, per: str | None) -> bool:
    """Is a past-tense amount ``text[start:end]`` of the grant unit starting at ``lo`` a grant
    standard (对每个工作室拨付建设经费5万元; 分别发放奖金5000元、3000元; 每人每年5000元), not a
    total paid out (共计发放奖金12.4万元)? Held-out-2 ruling 9."""
    if _TOTAL_PAID.search(text, lo, end):
        return False
    return per is not None or _EACH_PAID.search(text, clause_start(text, lo, start), start) is not None \
        or text.find("分别", lo, start) >= 0


# The proposer's ask, restated in a reply: 您提出的“建议…给予…”, 提案建议对…给予…, …补贴的建议.
_ASK_BEFORE = re.compile(r"(?:建议|提议|呼吁)[^，,；;。]*$")
_ASK_AFTER = re.compile(r"[^，,；;。“”]{0,30}?(?:的)?(?:建议|提议|提案|意见|诉求|问题)(?:[”\"]|[，,；;。]|$)")
_ASK_QUOTE = re.compile(r"(?:建议|提议|提出|提案|呼吁|希望)[^“”。]{0,6}“[^”]*$")


def is_asked(text: str, sent_start: int, sent_end: int, start: int, end: int) -> bool:
    """Is the amount ``text[start:end]`` a grant someone asks for (a proposal quoted in a
    reply: 您提出的“建议…给予…”, 提案建议对…给予…, …补贴的建议), not one in force?"""
    before = text[sent_start:start]
    if _ASK_QUOTE.search(before) or _ASK_BEFORE.search(before):
        return True
    after = text[end:sent_end]
    return _ASK_AFTER.match(after) is not None and "“" not in after[:2]
