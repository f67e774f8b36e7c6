"""References to articles, clauses, paragraphs and annexes: internal or to a code or law.

Pure functions over normalised text. XDOC-003 resolves the internal ones
against the heading tree; the external ones ("article 1231-5 du Code civil")
must be left out of that check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lint.nlp.numbers import lower_same_length

__all__ = ["Reference", "find_references"]


@dataclass(frozen=True)
class Reference:
    """One referenced target. "articles 3 et 7" gives two, sharing the phrase span.

    kind: article, clause, paragraph (paragraphe, alinéa, section) or annex.
    target: normalised id: "5.2", "L441-10", "B", "II", "1" (for "premier").
    external: the target belongs to a code, law or regulation (`source` names
    it when written). direction: "above"/"below" for ci-dessus, ci-après...
    heading: the mention opens a line and is followed by a title separator
    ("Article 5 – Prix"): it is a heading, not a reference.
    """

    kind: str
    target: str
    start: int
    end: int
    text: str
    external: bool = False
    source: str | None = None
    direction: str | None = None
    heading: bool = False


_KIND = {
    "article": "article", "articles": "article", "art.": "article", "art": "article",
    "clause": "clause", "clauses": "clause",
    "paragraphe": "paragraph", "paragraphes": "paragraph", "alinea": "paragraph",
    "alineas": "paragraph", "alinéa": "paragraph", "alinéas": "paragraph",
    "section": "paragraph", "sections": "paragraph", "§": "paragraph",
    "annexe": "annex", "annexes": "annex", "appendice": "annex", "appendices": "annex",
    "schedule": "annex", "schedules": "annex", "exhibit": "annex",
}  # fmt: skip

_ID = r"(?:[lrda]\.?\s?\*?)?\d+(?:[.-]\d+)*(?:\s?(?:bis|ter|quater))?|premier|1er"
_ANNEX_ID = r"\d+(?:\.\d+)*|[a-z](?![\w'])|[ivxlc]+(?![\w'])"
_SEP = r"\s*(?:,|et|ou|à|a|au|-|–)\s*"
# On lowercased text; plain letters first so sre skips ahead quickly, and the
# left boundary is checked in code.
_ARTICLE_RE = re.compile(
    rf"(?P<kw>articles?|art\.?|clauses?|paragraphes?|alin[ée]as?|sections?|§)"
    rf"\s*(?:n°\s*)?(?P<ids>(?:{_ID})(?:{_SEP}(?:{_ID}))*)(?![\w])"
)
_ANNEX_RE = re.compile(
    rf"(?P<kw>annexes?|appendices?|schedules?|exhibit)\s*(?:n°\s*)?"
    rf"(?P<ids>(?:{_ANNEX_ID})(?:{_SEP}(?:{_ANNEX_ID}))*)"
)
_ID_RE = re.compile(rf"{_ID}")
_ANNEX_ID_RE = re.compile(rf"(?<![\w])(?:{_ANNEX_ID})")
_RANGE_RE = re.compile(r"\s*(?:à|a|au|-|–)\s*$")

_LAW = (
    r"(?:code\s+(?:civil|p[ée]nal|mon[ée]taire\s+et\s+financier|g[ée]n[ée]ral\s+des\s+imp[ôo]ts"
    r"|de\s+procédure\s+civile|de\s+la\s+propri[ée]t[ée]\s+intellectuelle"
    r"|de\s+la\s+sant[ée]\s+publique|de\s+la\s+s[ée]curit[ée]\s+sociale"
    r"|des\s+postes\s+et\s+des\s+communications\s+[ée]lectroniques"
    r"|(?:de\s+la|de\s+l'|du|des|de)\s*[\w-]+|[\w-]+)"
    r"|c\.\s?(?:civ|com|trav|consom|p[ée]n|mon\.\s?fin|pr\.\s?civ|propr\.\s?intell)\.?"
    r"|cpi|cgi|cpc|csp|rgpd|gdpr|lcen|tfue|cedh"
    r"|loi(?:\s+n°\s*[\d-]+)?|d[ée]cret(?:\s+n°\s*[\d-]+)?|ordonnance(?:\s+n°\s*[\d-]+)?"
    r"|(?:r[èe]glement|directive)(?:\s*\((?:ue|ce|cee)\))?(?:\s*(?:n°\s*)?\d+/\d+(?:/\w+)?)?"
    r"|trait[ée]|convention\s+(?:de|europ)\w*|arr[êe]t[ée]|bofip|dora\b|nis\s?2"
    r"|pr[ée]sent\s+code)"
)
# "… 1231-5 du Code civil", "… 28 du RGPD", "… 6.1, b) du Règlement (UE) 2016/679".
_EXTERNAL_AFTER = re.compile(
    r"(?:\s*,?\s*(?:alin[ée]a|al\.|paragraphe|§|point|[ivx]+|\d+°|[a-z]\))\s*[\w°]*\)?)*"
    rf"\s*,?\s*(?:du|de\s+la|de\s+l'|des|de|d')?\s*(?P<law>{_LAW})"
)
_INTERNAL_AFTER = re.compile(
    r"\s*(?:du|de\s+la|de\s+l'|des|de)\s*(?:pr[ée]sent(?:e|es|s)?|contrat|accord|convention)"
)
_DIRECTION = re.compile(r"\s*,?\s*(?P<d>ci-dessus|ci-dessous|ci-apr[èe]s|supra|infra|pr[ée]c[ée]dent|suivant)")
_HEADING_AFTER = re.compile(r"[ \t]*(?:[-–—:.)]|$)", re.MULTILINE)
_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?:#+\s*)?$")
# Code articles: a letter prefix (L. 441-10, R123-237, D8222-5) or a hyphenated
# number in the thousands (1231-5). Contracts never number articles that way,
# nor past a few hundred.
_CODE_ID = re.compile(r"[lrda]\.?\s?\*?\d|\d{3,}-\d")
_MAX_INTERNAL = 300


def _targets(ids: str, is_annex: bool) -> list[str]:
    """The ids in "3, 5 et 7" / "4 à 6" (ranges expanded when short and integral)."""
    regex = _ANNEX_ID_RE if is_annex else _ID_RE
    out: list[str] = []
    prev_end = 0
    for m in regex.finditer(ids):
        target = _normalise(m.group(), is_annex)
        if out and _RANGE_RE.search(ids[prev_end : m.start()]):
            lo, hi = out[-1], target
            if lo.isdigit() and hi.isdigit() and 0 < int(hi) - int(lo) <= 50:
                out.extend(str(n) for n in range(int(lo) + 1, int(hi)))
        out.append(target)
        prev_end = m.end()
    return out


def _normalise(raw: str, is_annex: bool) -> str:
    t = re.sub(r"[\s*]", "", raw).rstrip(".")
    if t in ("premier", "1er"):
        return "1"
    if is_annex:
        return t.upper()
    m = re.match(r"([lrda])\.?(.*)", t)
    return m.group(1).upper() + m.group(2) if m else t


def find_references(text: str) -> list[Reference]:
    """Article, clause, paragraph and annex references, in text order."""
    low = lower_same_length(text)
    refs: list[Reference] = []
    for regex, is_annex in ((_ARTICLE_RE, False), (_ANNEX_RE, True)):
        for m in regex.finditer(low):
            start, end = m.start(), m.end()
            if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue
            kind = _KIND.get(m.group("kw"), "article")
            targets = _targets(m.group("ids"), is_annex)
            ext = None if is_annex else _EXTERNAL_AFTER.match(low, end)
            internal = _INTERNAL_AFTER.match(low, end)
            direction = _DIRECTION.match(low, end)
            heading = bool(
                text[start].isupper()
                and _LINE_START.search(low, max(0, start - 10), start)
                and _HEADING_AFTER.match(low, end)
                and len(targets) == 1
            )
            phrase_end = ext.end() if ext else end
            for target in targets:
                external = bool(ext) or (
                    not is_annex
                    and not internal
                    and (
                        _CODE_ID.match(target.lower()) is not None
                        or (target.isdigit() and int(target) > _MAX_INTERNAL)
                    )
                )
                refs.append(
                    Reference(
                        kind=kind,
                        target=target,
                        start=start,
                        end=phrase_end,
                        text=text[start:phrase_end],
                        external=external and not heading,
                        source=text[ext.start("law") : ext.end("law")] if ext else None,
                        direction=_direction(direction),
                        heading=heading,
                    )
                )
    refs.sort(key=lambda r: (r.start, r.end))
    return refs


def _direction(m: re.Match[str] | None) -> str | None:
    if not m:
        return None
    d = m.group("d")
    return "above" if d in ("ci-dessus", "supra") or d.startswith("pr") else "below"
