"""Entity leaves for rules (durations, territories, amounts, registrations):
a thin bridge from the rule pack's `entity:` matchers to the lint.nlp finders."""

from __future__ import annotations

import math
import re

from lint.nlp.consistency import DateWording, ShareWording, TaxWording, share_mismatches, tax_mismatches, wrong_weekdays
from lint.nlp.durations import find_durations, post_term_months
from lint.nlp.identifiers import find_registrations
from lint.nlp.numbers import find_amounts, find_numbers
from lint.nlp.parties import find_foreign_party, find_party_registration
from lint.nlp.territories import find_territories


def _first(items):
    for item in items:
        return item.start, item.end
    return None


def _post_term(text: str):
    months = post_term_months(text)
    if months is None or math.isinf(months):
        return None
    return _first(d for d in find_durations(text) if d.months is not None)


# Parties are defined terms, capitalised in French contracts (« le Prestataire »,
# « la Marque »), or pronouns standing for them; any such name counts, not a fixed list.
# Linear on any text: a party starts a word (not inside a run of capitals, where
# every start rescans the run), and names and words are possessive (`++`): what
# follows them is always a space, so giving characters back never helps.
_PARTY = r"(?<![\w-])(?:(?:Le|La|L'|Les|Chaque|Chacune des|Aucune des|Lui|Il|Elle|Ils|Elles)(?:\s?[A-ZÀ-Ý][\w'-]++){0,3}|Chaque [Pp]artie|[A-ZÀ-Ý][A-ZÀ-Ý\w-]{2,}+)"
# Terms written to the customer speak in the first and second person: « nous
# nous engageons », « vous restez seul responsable ».
_DUTY_SPOKEN = (
    r"(?<![\w-])(?:[Nn]ous\s+(?:nous\s+engageons|nous\s+obligeons|nous\s+interdisons|devons|devrons|garantissons|"
    r"(?:sommes|restons|demeurons)\s+(?:seuls?\s+)?responsables)|[Vv]ous\s+(?:vous\s+engagez|vous\s+obligez|vous\s+interdisez|"
    r"devez|devrez|garantissez|(?:êtes|restez|demeurez)\s+(?:seule?s?\s+)?responsables?))\b"
)
# (Letters and e-mails say « tu » and « on » too: « Tu recrutes et encadres les créateurs », « on valide sous 3 jours ».)
_ACTION_SPOKEN = (
    r"(?<![\w-])(?:[Nn]ous\s+(?:fournissons|réalisons|livrons|assurons|hébergeons|mettons\s+à\s+(?:votre\s+)?disposition|"
    r"prenons\s+en\s+charge|veillons|traitons|informons|publions|développons|répondons|envoyons|gérons|organisons|recrutons|"
    r"nous\s+chargeons|nous\s+occupons)|[Vv]ous\s+(?:fournissez|réalisez|payez|versez|"
    r"transmettez|désignez|validez|informez|répondez|livrez|envoyez|gérez|organisez|recrutez|vous\s+chargez|vous\s+occupez)|"
    r"[Tt]u\s+(?:fournis|réalises|livres|assures|recrutes|relis|factures|envoies|gères|encadres|rémunères|valides|paies|"
    r"t'assures|t'occupes|te\s+charges)|[Oo]n\s+(?:fournit|réalise|livre|assure|envoie|expédie|valide|paie|règle|facture|"
    r"s'occupe|se\s+charge))\b"
)
_DUTY = re.compile(
    _PARTY + r"\s+(?:(?:[a-zà-ÿ'-]++\s+){0,2})(?:s'engagen?t?|s'oblige(?:nt)?|(?:est|sont|reste|restent)\s+tenue?s?|doi(?:t|vent)|devra|devront|"
    r"s'interdi(?:t|sent)|garanti(?:t|ssent)|(?:est|sont)\s+(?:seule?s?\s+)?responsables?|"
    # a best-efforts duty is a duty: « il fera ses meilleurs efforts pour livrer »
    r"s'efforce(?:nt|ra|ront)?|fera\s+(?:tous\s+)?ses\s+(?:meilleurs\s+)?efforts|feront\s+(?:tous\s+)?leurs\s+(?:meilleurs\s+)?efforts)\b|" + _DUTY_SPOKEN
)
_ACTION = re.compile(
    _PARTY + r"\s+(?:(?:[a-zà-ÿ'-]++\s+){0,1})(?:fourni(?:t|ssent)|réalise(?:nt)?|remet(?:tent)?|livre(?:nt)?|transmet(?:tent)?|met(?:tent)? à (?:la )?disposition|"
    r"assure(?:nt)?|prend(?:nent)? en charge|veille(?:nt)?|valide(?:nt)?|désigne(?:nt)?|traite(?:nt)?|héberge(?:nt)?|paie(?:nt)?|verse(?:nt)?|"
    r"supporte(?:nt)?|informe(?:nt)?|s'abstien(?:t|nent)|organise(?:nt)?|produi(?:t|sent)|publie(?:nt)?|conçoi(?:t|vent)|développe(?:nt)?|accompagne(?:nt)?|"
    r"donne(?:nt)?|participe(?:nt)?|répond(?:ent)?|communique(?:nt)?|exécute(?:nt)?|coordonne(?:nt)?|forme(?:nt)?|contrôle(?:nt)?|"
    r"recueille(?:nt)?|dépose(?:nt)?|procède(?:nt)?|vérifie(?:nt)?|s'assure(?:nt)?|effectue(?:nt)?|prépare(?:nt)?|adresse(?:nt)?|envoie(?:nt)?|"
    r"fournira|fourniront|livrera|livreront|réalisera|réaliseront|assurera|assureront|remettra|remettront|transmettra|transmettront)\b|"
    + _ACTION_SPOKEN
)


def _regex_finder(pattern: re.Pattern[str]):
    def find(text: str):
        match = pattern.search(text)
        return (match.start(), match.end()) if match else None

    return find


# A party named inside a sentence, as the agent of a passive or the object:
# « corrigées par l'Agence », « remis au Client ».
_PARTY_INSIDE = r"(?<![\w-])(?:par|pour|au|aux|à|du|de)\s+(?:l'|le\s|la\s|les\s)?[A-ZÀ-Ý][\w'-]{2,}+"
_MENTION = re.compile(_PARTY + r"\s+(?:ne |n')?[a-zà-ÿ]|" + _PARTY_INSIDE)

# The finders that are one regex each: the matcher skips them on a text
# lacking a literal the regex needs (lint.checks.matching._gated_finder).
FINDER_PATTERNS = {"party-mention": _MENTION, "party-duty": _DUTY, "party-action": _ACTION}

# A court sitting abroad, the country told by the territories a court is followed by:
# « des tribunaux de Luxembourg-Ville (Grand-Duché de Luxembourg) », « la cour de Genève ».
_COURT = re.compile(r"\b(?:tribunal|tribunaux|juridictions?|cours?|juges?)\b", re.I)
_COURT_REACH = 90


def _foreign_court(text: str) -> tuple[int, int] | None:
    for court in _COURT.finditer(text):
        end = court.end() + _COURT_REACH
        for place in find_territories(text[court.end(): end]):
            # (French places carry a department number, foreign ones a country code.)
            if place.code and place.code.isalpha() and place.code != "FR":
                return court.start(), court.end() + place.end
    return None


FINDERS = {
    "party-mention": _regex_finder(_MENTION),
    "party-duty": _regex_finder(_DUTY),
    "party-action": _regex_finder(_ACTION),
    "duration": lambda text: _first(d for d in find_durations(text) if d.value is not None),
    "post-term-duration": _post_term,
    "unlimited-duration": lambda text: _first(d for d in find_durations(text) if d.unlimited),
    "territory": lambda text: _first(find_territories(text)),
    "amount": lambda text: _first(find_amounts(text)),
    "registration": lambda text: _first(find_registrations(text)),
    "number": lambda text: _first(find_numbers(text)),
    "party-registration": find_party_registration,
    "foreign-party": find_foreign_party,
    "foreign-court": _foreign_court,
}


# The words before a place the NER names (lint.nlp.pipeline.place_entities):
# « à Annecy », « dans la vallée de Chamonix », not « du Client ».
# (Not across a relative pronoun: in « sur tout territoire où le Revendeur », the Revendeur is no place.)
PLACE_CONTEXT = re.compile(r"\b(?:à|a|en|dans|sur|au|aux|hors|vers|pour)\s+(?:(?!(?:où|que|qui|dont)\b)\S+\s+){0,4}$", re.I)


# Durations, amounts and numbers need a digit or a number word: most blocks
# are ruled out before the (slower) finders run.
_NUMERIC_KINDS = {"duration", "post-term-duration", "unlimited-duration", "amount", "number"}
_NUMERIC_HINT = re.compile(
    r"\d|\b(un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|"
    r"quarante|cinquante|soixante|septante|octante|huitante|nonante|cent|mille|million|illimit|perp[ée]tu|ind[ée]termin|limitation)",
    re.I,
)


# The document-level analysers of the French checks (dangling-reference, amount-mismatch).
from lint.nlp.references import Numbering, find_references, mentions_law  # noqa: E402,F401


# Words and figures are compared only when one form follows the other in
# brackets (« trente (30) », « dix pour cent (15 %) »): a block without a
# bracket or a digit has nothing to compare, and most blocks have neither.
_PAIRABLE = re.compile(r"\d")


def find_amount_mismatches(text: str) -> list[tuple[int, int]]:
    """Spans where an amount or number in words disagrees with its figures."""
    spans: list[tuple[int, int]] = []
    if "(" not in text or _PAIRABLE.search(text) is None:
        return spans
    for item in find_amounts(text):
        if item.mismatch and (item.start, item.end) not in spans:
            spans.append((item.start, item.end))
    # Any quantity written twice: « quinze (51) jours », « dix pour cent (15 %) ».
    for number in find_numbers(text):
        if number.agree is False and not number.ambiguous and not any(a <= number.start < b for a, b in spans):
            spans.append((number.start, number.end))
    return sorted(spans)


_PERCENT = r"(\d{1,3}(?:[.,]\d+)?)\s?(?:%|pour\s?cent)"
SHARES = ShareWording(
    # « 45 % pour Orbitale », « quarante-cinq pour cent (45 %) au Club », « 60 % revenant à l'Éditeur »
    share=re.compile(
        r"(?P<value>\d{1,3}(?:[.,]\d+)?)\s?(?:%|pour\s?cent)\)?\s+(?:du\s+\w+\s+)?"
        r"(?:pour|à|au|aux|revenant\s+à|au\s+profit\s+d[eu'’]|en\s+faveur\s+d[eu'’]|lors\s+d[eu'’]|dès)\s*(?:l['’]|le\s|la\s|les\s|chaque\s)?"
        # … to a party, or at a stage of a payment schedule (« 30 % à la commande, 50 % à la livraison »).
        r"(?:[A-ZÀ-Ý]|(?:commande|signature|livraison|recette|réception|validation|démarrage|lancement|remise|mise\s+en\s+\w+|achèvement|acceptation|fin\s+d[eu]s?)\b)"
    ),
    listed=re.compile(rf"respectivement\s+(?:de\s+|à\s+|a\s+hauteur\s+de\s+)?(?:{_PERCENT}(?:\s*,\s*|\s+et\s+)){{1,5}}{_PERCENT}", re.I),
    percent=re.compile(_PERCENT, re.I),
    remainder=re.compile(r"\b(?:solde|reste|restant|surplus|reliquat|complément)\b", re.I),
    split=re.compile(r"r[ée]parti|partag|quote-part|revien|revers|ventil|divis|\bparts?\b|respectivement|échéancier|échelonn|factur|payable|pay[ée]|vers[ée]|régl[ée]|acompte", re.I),
    per_item=re.compile(r"\b(?:chacun|chacune|chaque|par\s+(?:lot|jalon|mois|an|année|trimestre|livraison|commande|unité|module))\b", re.I),
)
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
DATES = DateWording(
    dated=(
        re.compile(
            rf"\b(?P<weekday>{'|'.join(_WEEKDAYS)})\s+(?P<day>1er|\d{{1,2}})\s+(?P<month>janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\s+(?P<year>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    weekdays=_WEEKDAYS,
    months=_MONTH_NAMES,
)


_EUROS = r"(?<![\d.,])(?P<amount>\d{1,3}(?:[ \u00a0\u202f.]\d{3})*(?:,\d{1,2})?)\s?(?:€|euros?|EUR)\s?"
TAXES = TaxWording(
    before_tax=re.compile(_EUROS + r"(?:HT|H\.T\.|hors taxes?)\b", re.I),
    after_tax=re.compile(_EUROS + r"(?:TTC|T\.T\.C\.|toutes taxes comprises)\b", re.I),
    rates=(1.0, 1.2, 1.1, 1.055, 1.021, 1.085),
)


def find_tax_mismatches(text: str) -> list[tuple[int, int]]:
    """An amount before and after VAT, stated together, that no French VAT rate links (« 1 215 € HT, soit 1 485 € TTC »)."""
    return tax_mismatches(text, TAXES) if "T" in text or "taxe" in text else []


def find_share_mismatches(text: str) -> list[tuple[int, int]]:
    """Shares of a split that do not total 100 % (« 60 % pour l'Éditeur et 50 % pour la Régie »)."""
    return share_mismatches(text, SHARES)


def find_wrong_weekdays(text: str) -> list[tuple[int, int]]:
    """Dates whose weekday is not theirs (« le lundi 6 avril 2027 »)."""
    return wrong_weekdays(text, DATES)


def find_entity(text: str, kinds: tuple[str, ...]):
    """First span in `text` of an entity of one of `kinds`, or None."""
    numeric = None
    for kind in kinds:
        if kind in _NUMERIC_KINDS:
            if numeric is None:
                numeric = _NUMERIC_HINT.search(text) is not None
            if not numeric:
                continue
        span = FINDERS[kind](text)
        if span is not None:
            return span
    return None
