"""Rows from clauses without a number: events, activities, improvements and stated effects.

The verb lists live in ``data/draft_verbs.json`` (each with its source note), read on first use.
A clause gives a row when

* it starts with a listed verb (after lead words): an event (建立…库), an activity without a
  count (开展…活动), the improvement of an attribute (提升…能力), optionally with a result adverb
  kept in the label (有效提升群众通行安全 → 群众通行安全提升情况, label 有效提升);
* it states an effect after its subject (区域生态环境明显改善, 森林资源得到有效保护) or a
  mechanism in place (平台运行维护机制健全);
* it promotes an economic or social effect (带动脱贫人口稳定增收 → 对脱贫人口稳定增收的带动作用).

Slogan verbs (推进, 深化, 聚焦 …) and generic objects (开展活动) give nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from indicator_nlp.draft._names import tidy

_VERBS_FILE = Path(__file__).parent.parent / "data" / "draft_verbs.json"
# Kinds of the verb lists of draft_verbs.json (mechanism verbs make events of lasting objects).
_VERB_KINDS = {"event": "event", "mechanism": "event", "activity": "activity", "improvement": "improvement"}


@dataclass(frozen=True, slots=True)
class _Lexicon:
    verb_kind: dict[str, str]  # verb → event / activity / improvement
    improvement: frozenset[str]  # the improvement verbs proper (not 保护, 保障 …)
    weak: frozenset[str]  # improvement verbs that need an attribute even after an adverb (优化)
    mechanism: tuple[str, ...]
    improvement_objects: tuple[str, ...]
    lasting_objects: tuple[str, ...]
    generic_objects: frozenset[str]
    slogan_objects: tuple[str, ...]
    promote: tuple[str, ...]
    promote_objects: tuple[str, ...]
    action: re.Pattern[str]  # leading words, an optional 按照… phrase, a result adverb, a listed verb
    stated: re.Pattern[str]  # subject, 得到, a result adverb, an effect verb at the clause's end
    split: re.Pattern[str]  # a 、/并/和 that starts another action
    drop: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_LEXICON: _Lexicon | None = None


def lexicon() -> _Lexicon:
    """The verb lists of ``data/draft_verbs.json``, read on first use."""
    global _LEXICON
    if _LEXICON is None:
        raw = json.loads(_VERBS_FILE.read_text(encoding="utf-8"))
        words = {k: tuple(v["words"]) for k, v in raw.items() if not k.startswith("_")}
        verb_kind = {w: _VERB_KINDS[k] for k in _VERB_KINDS for w in words[k]}
        lead = _alternation(words["lead_words"])
        adverbs = _alternation(words["result_adverbs"])
        verbs = _alternation([*verb_kind, *words["effect_verbs"], *words["promote"]])
        every_verb = _alternation([*verb_kind, *words["split_verbs"]])
        stated = _alternation([*words["improvement"], *words["effect_verbs"], *words["mechanism"]])
        _LEXICON = _Lexicon(
            verb_kind=verb_kind | dict.fromkeys(words["effect_verbs"], "improvement"),
            improvement=frozenset(words["improvement"]),
            weak=frozenset(words["weak_improvements"]),
            mechanism=words["mechanism"],
            improvement_objects=words["improvement_objects"],
            lasting_objects=words["lasting_objects"],
            generic_objects=frozenset(words["generic_objects"]),
            slogan_objects=words["slogan_objects"],
            promote=words["promote"],
            promote_objects=words["promote_objects"],
            action=re.compile(
                rf"""
                ^(?:{lead})*?                            # 全面, 不断, 通过 …
                (?:(?:按照|根据|依据|对照)[^，,]{{1,15}}?)?  # 按照时间表、路线图 …
                (?P<adv>{adverbs})?                      # 有效, 明显 … (kept in the label)
                (?P<verb>{verbs})                        # the verb that makes the row
                """,
                re.VERBOSE,
            ),
            stated=re.compile(
                rf"""
                ^(?:{lead})*                             # 使, 确保 …
                (?P<subj>[^，,；;：:]{{2,30}}?)           # 区域生态环境, 森林资源
                (?P<pass>得到|获得)?                      # 得到有效保护
                (?P<adv>{adverbs})?                      # 明显, 有效 …
                (?P<verb>{stated})$                      # 改善, 保护, 健全 …
                """,
                re.VERBOSE,
            ),
            split=re.compile(rf"(?:、|以及|并|和|及)(?=(?:{lead})*(?:{every_verb}))"),
            drop=re.compile(_alternation(words["drop_words"])),
        )
    return _LEXICON


def _actions(sentence: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the actions of a clause: cut again before a verb after 、/并 (or a colon)."""
    lx = lexicon()
    pieces = []
    pos = start
    for m in re.finditer(r"[：:]", sentence[start:end]):
        pieces.append((pos, start + m.start()))
        pos = start + m.end()
    pieces.append((pos, end))
    for cs, ce in pieces:
        pos = cs
        for m in lx.split.finditer(sentence, cs, ce):
            yield pos, m.start()
            pos = m.end()
        yield pos, ce


def object_name(obj: str) -> str:
    """The object of an action as an indicator name's head (``各类培训班`` → ``培训班``)."""
    obj = re.sub(r"[（(][^（）()]*[）)]", "", obj)
    obj = lexicon().drop.sub("", obj)
    obj = re.sub(r"(?:、[^、]*?)+(?=等)", "", obj)  # "法治宣传、自护教育…等活动" → "法治宣传等活动"
    obj = re.sub(r"^[好了起]", "", obj)  # 完成好…, 建立起…: the verb's complement
    # "团干部在组织宣传工作…等工作水平": a list of domains after 在 makes the name long and adds
    # nothing a reviewer checks; one domain stays, without 在/方面 ("在情绪管理方面的能力").
    obj = re.sub(r"(?<=.)在[^在等]{2,40}?等(?=.)", "", obj)
    obj = re.sub(r"(?<=.)在([^在]{2,20}?)(?:方面|领域)的?(?=.)", r"\1", obj)
    return re.sub(r"\s+", "", obj).strip(" ，,、：:；;。的")


def qualitative(
    sentence: str, start: int, end: int, quoted: Callable[[int], bool]
) -> list[tuple[str, str, int, int]]:
    """(kind, name, label start, label end) of each action or stated effect of the clause
    ``sentence[start:end]`` that a reviewer could turn into a row. ``quoted(pos)`` says whether
    a position lies inside quotes (a verb there names something: 开展“提升青年能力”主题活动)."""
    out = []
    piece = sentence[start:end]
    row = _standard(piece.strip()) or _stated(piece.strip())
    if row is not None:  # 社区治理和服务能力显著提升: one effect, not two actions
        kind, name, ls, le = row
        at = start + len(piece) - len(piece.lstrip())
        return [] if quoted(at + ls) else [(kind, name, at + ls, at + le)]
    for s, e in _actions(sentence, start, end):
        piece = sentence[s:e]
        s += len(piece) - len(piece.lstrip())
        piece = piece.strip()
        row = _verb_first(piece) or _stated(piece)
        if row is None:
            continue
        kind, name, ls, le = row
        if quoted(s + ls):
            continue
        out.append((kind, name, s + ls, s + le))
    return out


# A subject that reaches a named standard (出水水质达到一级A标准, 空气质量达到国家二级标准, 饮用水水质
# 符合国家卫生标准): a target a reviewer checks as met or not, named …达标情况 as tables do.
_STANDARD = re.compile(
    r"^(?P<subj>[^，,。；;：:]{2,24}?)(?:全部|均|全面|稳定|持续)?(?P<verb>达到|符合|满足)"
    r"(?P<std>[^，,。；;：:达符满]{1,16}?标准)(?:要求)?$"
)


def _standard(piece: str) -> tuple[str, str, int, int] | None:
    m = _STANDARD.match(piece)
    if not m:
        return None
    subj = object_name(tidy(m.group("subj")))
    if len(subj) < 2 or subj in lexicon().generic_objects:
        return None
    return "event", f"{subj}达标情况", m.start("verb"), m.end()


def _verb_first(piece: str) -> tuple[str, str, int, int] | None:
    lx = lexicon()
    m = lx.action.match(piece)
    if not m:
        return None
    verb, adv = m.group("verb"), m.group("adv")
    obj = object_name(piece[m.end() :])
    ls = m.start("adv") if adv else m.start("verb")
    if len(obj) < 2 or len(obj) > 40 or obj in lx.generic_objects or obj.endswith(lx.slogan_objects):
        return None  # 开展活动, 完成好各项任务, 实施…战略: nothing a reviewer could check
    if verb in lx.promote:
        if not obj.endswith(lx.promote_objects):
            return None  # 促进…高质量发展: a slogan
        return "improvement", f"对{obj}的{verb}作用", ls, m.end("verb")
    kind = lx.verb_kind[verb]
    if verb in lx.mechanism and not obj.endswith(lx.lasting_objects):
        return None  # 落实决策部署, 完善服务: nothing checkable
    strong = adv and verb not in lx.weak
    if kind == "improvement" and not strong and not obj.endswith(lx.improvement_objects):
        return None  # 增强村党组织: no attribute that could be measured
    if kind == "improvement" and verb not in lx.improvement and not adv:
        return None  # 保护, 保障 … make a row only as a stated effect (有效保护)
    return kind, f"{obj}{verb}情况", ls, m.end("verb")


def _stated(piece: str) -> tuple[str, str, int, int] | None:
    lx = lexicon()
    m = lx.stated.match(piece)
    if not m:
        return None
    verb, adv, subj = m.group("verb"), m.group("adv"), object_name(tidy(m.group("subj")))
    if len(subj) < 2 or subj in lx.generic_objects or subj.endswith(lx.slogan_objects):
        return None
    if verb in lx.mechanism:
        if not subj.endswith(lx.lasting_objects):
            return None
        kind = "event"
    elif m.group("pass") or adv:
        kind = "improvement"
    else:
        return None  # "服务能力提升" with nothing saying it is the target: too weak a signal
    ls = m.start("adv") if adv else m.start("verb")
    if subj.endswith(("满意度", "满意率")):
        return kind, subj, ls, m.end("verb")  # 满意度明显提高: the satisfaction is the indicator
    return kind, f"{subj}{verb}情况", ls, m.end("verb")


def is_lasting(name: str | None, label: str | None) -> bool:
    """An event that sets up a lasting mechanism (…制度落实情况, …机制建立情况)."""
    head = (name or "").removesuffix("情况")
    if label:
        head = head.removesuffix(label)
    return head.endswith(lexicon().lasting_objects)
