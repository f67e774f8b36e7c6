"""References to articles, clauses, paragraphs and annexes: own or another document's.

Pure functions over normalised text. DOC-002 (dangling-reference) resolves a
document's own references against the numbering it writes (`Numbering`); a
reference into another document ("article 1231-5 du Code civil", "article 26
du CCAG-PI", "l'article 27 des Conditions Générales") is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from lint.nlp.numbers import lower_same_length
from lint.parsers.base import ARTICLE_NUMBER, ARTICLE_WORD

__all__ = ["DOCUMENT_NOUNS", "Numbering", "Reference", "find_references", "mentions_law"]


@dataclass(frozen=True)
class Reference:
    """One referenced target. "articles 3 et 7" gives two, sharing the phrase span.

    kind: article, clause, paragraph (paragraphe, alinéa, section) or annex.
    target: normalised id: "5.2", "L441-10", "B", "II", "1" (for "premier").
    external: the target is numbered in another document, named after it (a
    code, law or regulation, or another contract document: "du CCAG-PI", "des
    Conditions Générales", "de l'annexe 2"); `source` names it. A document named
    without "présent" ("du Contrat") may be another one too, so it counts as
    external: the check stays silent when unsure.
    own: the reference says it is to this document ("des présentes", "du
    présent contrat", "ci-dessus"). direction: "above"/"below" for ci-dessus,
    ci-après... heading: the mention opens a line and is followed by a title
    separator ("Article 5 – Prix"): it is a heading, not a reference.
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
    own: bool = False


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
_ANNEX_ID = r"\d+(?:\.\d+)*|[a-z](?![\w'’])|[ivxlc]+(?![\w'’])"
# "3, 5 et 7", "26.2, et 26.5", "32 à 37"
# A word separator is a whole word: « annexe 4 au contrat » is annex 4 of a
# contract, not annexes 4 to « u ».
_SEP = r"\s*(?:,\s*(?:et|ou)?|(?:et|ou|à|a|au)(?=\s)|-|–)\s*"
# On lowercased text; plain letters first so sre skips ahead quickly, and the
# left boundary is checked in code.
_ARTICLE_RE = re.compile(
    rf"(?P<kw>articles?|art\.?|clauses?|paragraphes?|alin[ée]as?|sections?|§)"
    rf"\s*(?:n°\s*)?(?P<ids>(?:{_ID})(?:{_SEP}(?:{_ID}))*)(?![\w°])"
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
    r"|(?:de\s+la|de\s+l['’]|du|des|de)\s*[\w-]+|[\w-]+)"
    r"|c\.\s?(?:civ|com|trav|consom|p[ée]n|mon\.\s?fin|pr\.\s?civ|propr\.\s?intell)\.?"
    r"|cpi|cgi|cpc|csp|rgpd|gdpr|lcen|tfue|cedh"
    r"|loi(?:\s+n°\s*[\d-]+)?|d[ée]cret(?:\s+n°\s*[\d-]+)?|ordonnance(?:\s+n°\s*[\d-]+)?"
    r"|(?:r[èe]glement|directive)(?:\s*\((?:ue|ce|cee)\))?(?:\s*(?:n°\s*)?\d+/\d+(?:/\w+)?)?"
    r"|trait[ée]|convention\s+(?:de|europ)\w*|arr[êe]t[ée]|bofip|dora\b|nis\s?2"
    r"|pr[ée]sent\s+code)"
)
# Nouns naming a document with its own numbering, other than the one being
# read unless "présent(e)(s)" says so. A class of document kinds (public
# procurement, terms, annexes, other agreements, codes and regulations), as
# data: add a kind here, not a wording.
DOCUMENT_NOUNS: tuple[str, ...] = (
    # public procurement: cahiers des clauses (CCAG-PI, CCAG-TIC, CCAP, CCTP), consultation rules
    r"ccag(?:[\s-]?[a-z]{1,4}\b)?", r"ccap", r"cctp", r"cc[ag]?", r"rc\b", r"dce\b", r"ae\b",
    r"cahiers?\s+des\s+(?:clauses|charges)", r"r[èe]glement\s+de\s+(?:la\s+)?consultation",
    r"acte\s+d['’]engagement", r"march[ée]s?(?:\s+subs[ée]quents?|\s+public)?\b", r"bons?\s+de\s+commande",
    # terms
    r"conditions\s+(?:g[ée]n[ée]rales|particuli[èe]res|sp[ée]cifiques|commerciales|contractuelles|d['’]utilisation)",
    r"cg[uvas]{0,2}\b", r"cgvu\b", r"cp\b", r"cs\b", r"politique\s+de\s+\w+", r"charte",
    # other documents of the deal
    r"annexes?", r"appendices?", r"avenants?", r"contrats?[\s-]cadres?", r"accords?[\s-]cadres?",
    r"contrats?\s+(?:principal|initial|de\s+\w+|d['’]\w+)", r"contrats?", r"conventions?", r"accords?",
    r"protocoles?", r"statuts", r"devis", r"propositions?\s+(?:commerciale|technique)s?", r"offres?",
    r"sla\b", r"dpa\b", r"pas\b", r"plan\s+d['’]assurance", r"licences?", r"normes?",
)
_DOCUMENT = "(?:" + "|".join(DOCUMENT_NOUNS) + ")"
# Between the number and its document: "6.1.b)", "49, paragraphe 1, deuxième alinéa", "alinéa 2".
_SUBPARTS = (
    r"(?:\s*[.,]?\s*(?:(?:premier|[\w]+i[èe]me)\s+alin[ée]a|alin[ée]a|al\.|paragraphe|§|point"
    r"|[ivx]+(?![\w])|\d+°|[a-z]\)?(?![\w])|\([a-z0-9]+\)|et\s+(?:suivants|s\.))"
    r"\s*[\w°]*\)?)*"
)
_OF = r"(?:du|de\s+la|de\s+l['’]|des|de|d['’]|dudit|de\s+ladite|desdit(?:e)?s|du\s+m[êe]me|de\s+la\s+m[êe]me|aux?)"
# "… 1231-5 du Code civil", "… 28 du RGPD", "… 6.1, b) du Règlement (UE) 2016/679".
_EXTERNAL_AFTER = re.compile(rf"{_SUBPARTS}\s*,?\s*{_OF}?\s*(?P<law>{_LAW})")
# "… 26 du CCAG-PI", "… 27 des Conditions Générales", "… 4 de l'annexe 2": a
# document noun needs its "de"; an adjective may come between ("du même CCAG").
_DOCUMENT_AFTER = re.compile(rf"{_SUBPARTS}\s*,?\s*{_OF}\s*(?:m[êe]mes?\s+)?(?P<law>{_DOCUMENT})(?![\w])")
# "des présentes", "du présent contrat", "de la présente convention", "de ces conditions"
_OWN_AFTER = re.compile(
    rf"{_SUBPARTS}\s*,?\s*{_OF}\s*(?:pr[ée]sente?s?(?!\s+code\b)(?:\s+{_DOCUMENT})?|ces\s+{_DOCUMENT})(?![\w])"
)
# Any owner named after an annex's number: "de la décision d'exécution", "du règlement".
_OWNER_AFTER = re.compile(rf"{_SUBPARTS}\s*,?\s*(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*(?P<law>[^\W\d][\w'’-]*)")
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
    names_law: bool | None = None  # asked once, and only beside an annex
    for regex, is_annex in ((_ARTICLE_RE, False), (_ANNEX_RE, True)):
        for m in regex.finditer(low):
            start, end = m.start(), m.end()
            if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue
            kind = _KIND.get(m.group("kw"), "article")
            targets = _targets(m.group("ids"), is_annex)
            own = _OWN_AFTER.match(low, end)
            ext = None
            if not own:
                ext = _DOCUMENT_AFTER.match(low, end) if is_annex else (_EXTERNAL_AFTER.match(low, end) or _DOCUMENT_AFTER.match(low, end))
                if is_annex and not ext:
                    if names_law is None:
                        names_law = mentions_law(text)
                    if names_law:
                        # Beside a law, an annex "of" something is that act's: "l'annexe 3 de la décision d'exécution (UE) 2021/914".
                        ext = _OWNER_AFTER.match(low, end)
            direction = _DIRECTION.match(low, end)
            heading = bool(
                text[start].isupper()
                and _LINE_START.search(low, max(0, start - 10), start)
                and _HEADING_AFTER.match(low, end)
                and len(targets) == 1
            )
            phrase_end = (own or ext).end() if (own or ext) else end
            for target in targets:
                external = bool(ext) or (
                    not is_annex
                    and not own
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
                        own=bool(own or direction),
                    )
                )
    refs.sort(key=lambda r: (r.start, r.end))
    return refs


def _direction(m: re.Match[str] | None) -> str | None:
    if not m:
        return None
    d = m.group("d")
    return "above" if d in ("ci-dessus", "supra") or d.startswith("pr") else "below"


# A paragraph that names a code, law or regulation: its bare article numbers
# ("prévues par le RGPD, notamment aux articles 44 à 50") are probably theirs.
# "Règlement" and "Code" name a law only with their qualifier: "règlement
# amiable" and "code source" are a contract's own words.
_LAW_MENTION = re.compile(
    r"\b(?:RGPD|GDPR|[Rr]èglement\s+(?:\((?:UE|CE)\)|UE|CE|général|européen|d['’]exécution|délégué|n°|\d)"
    r"|[Cc]ode\s+(?:civil|pénal|général|monétaire|d[eu]s?\b|de\s+la\b|de\s+l['’])|[Ll]oi|[Dd]écret|[Dd]irective"
    r"|CPI|CGI|CSP|[Oo]rdonnance|[Tt]raité|C\.\s?(?:civ|com|trav)|[Aa]rrêté|CCAG[\w-]*)(?!\w)"
)


def mentions_law(text: str) -> bool:
    """The text names a code, law, regulation or general procurement terms."""
    return _LAW_MENTION.search(text) is not None


# --- the document's own numbering -----------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18,
          "xix": 19, "xx": 20}  # fmt: skip
# Markup and bullets that may open a numbered line: "## 9.2", "**9.2**", "> 3."
_LEAD = r"[ \t>#*_|-]*"
# "Article 5", "ARTICLE 5 -", "Art. 9.2", "Clause 3", "Article premier", "Article IV"
_LINE_ARTICLE = re.compile(
    rf"^{_LEAD}(?:{ARTICLE_WORD}|art|clause|chapitre)\s*(?:n°\s*)?({ARTICLE_NUMBER})(?![\w])",
    re.IGNORECASE | re.MULTILINE,
)
# "9.2 Paiement", "9.2. Paiement : …", "**9.2** …", "17.", "3) Le Client…", "4 - Durée"
_LINE_NUMBER = re.compile(
    rf"^{_LEAD}(\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?:\.?\**[ \t]*(?:[.)]|[-–—:]|$)|\.?\**[ \t]+(?=[A-ZÀ-Ý«\"*]))",
    re.MULTILINE,
)
# The same inside a paragraph whose lines were joined: "… des présentes. 9.2
# Paiement : …", "… fin. 17. RESPONSABILITÉ …", "… propres. 2.3 - La Partie …"
# (after a sentence end only).
_INLINE_NUMBER = re.compile(
    r"(?<=[.;:!?»])[ \t]+\**(\d{1,2}(?:\.\d{1,2}){0,4})(?:\.?\**[ \t]+(?=[A-ZÀ-Ý][a-zà-ÿ]+|[A-ZÀ-Ý]{2,})|\.\**[ \t]+(?=[A-ZÀ-Ý])|\.?\**[ \t]*[-–—:][ \t]+(?=[A-ZÀ-Ý]))"
)
_LINE_ANNEX = re.compile(
    rf"^{_LEAD}(?:\d+(?:\.\d+)*\.?\s+)?(?:annexe|appendice)\s*(?:n°\s*)?(\d+|[a-z](?![\w'’])|[ivxlc]+(?![\w'’]))",
    re.IGNORECASE | re.MULTILINE,
)
# An annex titled inside a line: « … – Annexe 2 : Liste des composants ».
_TITLED_ANNEX = re.compile(
    r"(?<![\w'’])(?:annexe|appendice)\s*(?:n°\s*)?(\d+|[a-z]|[ivxlc]+)\s*[:–—-]\s", re.IGNORECASE
)
# A list of annexes: « Annexes : A – Dossier d'architecture ; B – Plan … ».
_ANNEX_LIST = re.compile(r"(?<![\w'’])annexes\s*:\s*(.+)", re.IGNORECASE)
_ANNEX_LIST_ITEM = re.compile(r"(?:^|[;,]\s*)(\d+|[A-Z]|[IVXLC]+)\s*[:–—-]\s")
# The annexes a contract says it comprises, each titled in brackets: « les annexes 1 (Dossier
# d'architecture), 2 (Description des traitements) et 3 (Plan d'assurance sécurité) ».
_TITLED_ANNEX_LIST = re.compile(r"(?<![\w'’])annexes\s+((?:(?:\d+|[A-Z])\s*\([^()]{1,80}\)\s*(?:,|et)?\s*){2,})", re.IGNORECASE)
_TITLED_ANNEX_LIST_ITEM = re.compile(r"(\d+|[A-Z])\s*\(")
_NUMERIC = re.compile(r"\d+(?:\.\d+)*")
_ANY_DIGIT = re.compile(r"\d")
# A numbering that skips more than this many numbers in a row is not followed.
_MAX_GAP = 2
# A bare number past twice the document's last article (or six past it in a
# short one) is some code's or regulation's ("l'article 32" in a 12-article
# DPA), not a slip.
_MAX_PAST = 2
_SLACK = 6


def _number(raw: str) -> str:
    raw = raw.lower().rstrip(".")
    if raw in ("premier", "1er"):
        return "1"
    return str(_ROMAN.get(raw, raw))


@dataclass(frozen=True)
class Numbering:
    """The numbers a document gives its articles, sub-articles, numbered
    paragraphs and list items, and its annexes, read at the start of every
    line of every block (headings or not). Parts bound into one file (general
    plus particular terms) each number from 1: their numbers are merged."""

    articles: frozenset[str]
    annexes: frozenset[str]

    @classmethod
    def collect(cls, texts: Iterable[str]) -> Numbering:
        articles: set[str] = set()
        annexes: set[str] = set()
        for text in texts:
            for m in _LINE_ARTICLE.finditer(text):
                articles.add(_number(m.group(1)))
            # The patterns below open on a lookbehind or a class, so the regex
            # engine tries them at every position of every block (twice a
            # document); most blocks lack the digit or the word they need.
            if _ANY_DIGIT.search(text) is not None:
                for m in _LINE_NUMBER.finditer(text):
                    if int(m.group(1).split(".")[0]) <= _MAX_INTERNAL:
                        articles.add(m.group(1))
                for m in _INLINE_NUMBER.finditer(text):
                    articles.add(m.group(1))
            low = text.lower()
            if "annex" not in low and "append" not in low:
                continue  # (no letter of these has another case form to ignore, as « i » and « s » have)
            for m in _LINE_ANNEX.finditer(text):
                annexes.add(_number(m.group(1)).upper())
            for m in _TITLED_ANNEX.finditer(text):
                annexes.add(_number(m.group(1)).upper())
            for listing in _ANNEX_LIST.finditer(text):
                for m in _ANNEX_LIST_ITEM.finditer(listing.group(1)):
                    annexes.add(_number(m.group(1)).upper())
            for listing in _TITLED_ANNEX_LIST.finditer(text):
                for m in _TITLED_ANNEX_LIST_ITEM.finditer(listing.group(1)):
                    annexes.add(_number(m.group(1)).upper())
        return cls(frozenset(articles), frozenset(annexes))

    @cached_property
    def _tops(self) -> frozenset[int]:
        # A line opening on « Article L. 441-10 du Code de commerce » gives
        # "l": a code's article, not a number of this document's.
        return frozenset(int(top) for a in self.articles if (top := a.split(".")[0]).isdigit())

    @cached_property
    def _last(self) -> int:
        """End of the run of top-level numbers from 1 (gaps of up to
        _MAX_GAP allowed): past it, an article is surely missing."""
        last, missing = 0, 0
        for n in range(1, max(self._tops, default=0) + 1):
            if n in self._tops:
                last, missing = n, 0
            else:
                missing += 1
                if missing > _MAX_GAP:
                    break
        return last

    def resolves(self, ref: Reference) -> bool | None:
        """True when the document has ref's target, False when it surely has
        not, None when unsure (another document's, no numbering of that kind,
        a number inside a gap, a code-like id)."""
        if ref.external or ref.heading:
            return None
        if ref.kind == "annex":
            if _number(ref.target).upper() in self.annexes:
                return True
            # "Annexe 2", "annexe B", "Annexe IV" as written; not "annexe a pour objet".
            if not ref.target.isdigit() and not re.search(rf"(?<![\w]){re.escape(ref.target)}(?![\w])", ref.text):
                return None
            return False
        if ref.kind not in ("article", "clause"):
            return None
        target = ref.target
        if target in self.articles:
            return True
        if not _NUMERIC.fullmatch(target):
            return None  # "5 bis", "L441-10"
        last = self._last
        if last < 3:
            return None  # no numbering of its own that we can read
        parts = target.split(".")
        top = int(parts[0])
        if len(parts) == 1 or top not in self._tops:
            # Past the last article (and not a code article with a big number).
            return False if max(self._tops) < top <= max(_MAX_PAST * last, last + _SLACK) else None
        parent = ".".join(parts[:-1])
        depth = len(parts)
        if parent not in self.articles or not any(len(a.split(".")) == depth for a in self.articles):
            return None  # the document does not number that deep, or not under that parent
        siblings = [int(a.split(".")[-1]) for a in self.articles if a.startswith(parent + ".") and len(a.split(".")) == depth]
        return False if int(parts[-1]) > max(siblings, default=0) else None
