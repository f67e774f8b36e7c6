#!/usr/bin/env python3
"""Sanity checks for the sample corpus (a reviewing aid, not the linter).

For every corpus/<slug>/ folder it:
  * validates expected.yml against the schema (15 family ids, allowed values,
    allowed rule names);
  * extracts the text of the contract file and checks that every finding's
    excerpt occurs verbatim in it (whitespace-normalised);
  * prints "suspects": wordings that the linter's risky-wording rules are
    likely to react to (vague terms, "à tout moment", placeholders, internal
    references, SIREN checksums...). A human reads them to make sure every
    one is either deliberate (listed in findings) or harmless.

Usage:  python corpus/tools/check_corpus.py [--quiet] [slug ...]
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import yaml
from lxml import etree

from lint.nlp.identifiers import luhn_valid

CORPUS = Path(__file__).resolve().parent.parent
FAMILIES = ["scope", "financial-terms", "roles", "confidentiality", "personal-data",
            "intellectual-property", "non-compete", "non-solicitation", "legal-identity",
            "jurisdiction", "amicable-resolution", "duration", "termination", "kpi", "evolution"]
RULES = {"non-compete-no-duration", "non-compete-no-territory", "non-compete-excessive-duration",
         "non-solicitation-no-duration", "confidentiality-no-duration", "mediation-no-period",
         "termination-no-notice", "ip-assignment-scope", "ip-future-works",
         "personal-data-processor-terms", "party-identification", "placeholder",
         "dangling-reference", "amount-mismatch", "vague-term", "unaccepted-revisions",
         "confidentiality-no-sanction", "personal-data-no-purpose", "ip-no-owner",
         "renewal-no-notice", "kpi-no-review-period", "kpi-no-owner", "kpi-no-corrective-action",
         "jurisdiction-foreign-no-law", "scope-no-measurable-objective"}
PROFILES = {"partnership", "services", "nda", "dpa", "license", "terms"}
STRUCTURES = {"heading-styles", "bold-titles", "auto-numbering", "no-headings",
              "generic-headings", "markdown", "plain-text"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(path: Path) -> str:
    """Paragraph text in document order, with automatic numbering labels rebuilt."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out, counters = [], {}
    for p in root.iter(W + "p"):
        txt = "".join(t.text or "" for t in p.iter(W + "t"))
        label = ""
        num = p.find(f"{W}pPr/{W}numPr")
        style = p.find(f"{W}pPr/{W}pStyle")
        if num is not None:
            ilvl = int(num.find(W + "ilvl").get(W + "val"))
            key = num.find(W + "numId").get(W + "val")
            c = counters.setdefault(key, [0] * 9)
            c[ilvl] += 1
            for k in range(ilvl + 1, 9):
                c[k] = 0
            label = f"Article {c[0]} – " if ilvl == 0 else f"{c[0]}.{c[1]} "
        elif style is not None and style.get(W + "val") == "ListNumber":
            c = counters.setdefault("style", [0])
            c[0] += 1
            label = f"{c[0]}. "
        out.append(label + txt)
    return "\n".join(out)


def pdf_text(path: Path) -> str:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def odt_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("content.xml"))
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    out = []
    for el in root.iter(ns + "p", ns + "h"):
        out.append("".join(el.itertext()))
    return "\n".join(out)


def extract(path: Path) -> str:
    ext = path.suffix.lower()
    if ext == ".docx":
        return docx_text(path)
    if ext == ".pdf":
        return pdf_text(path)
    if ext == ".odt":
        return odt_text(path)
    return path.read_text(encoding="utf-8")


def norm(s: str) -> str:
    s = s.replace("-\n", "-").replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


SUSPECTS = [
    ("vague-term", r"meilleurs? délais|plus brefs délais|dans la mesure du possible|meilleurs efforts|en temps utile|au plus vite|dès que possible|autant que possible|si possible"),
    ("termination-no-notice", r"à tout moment|sans préavis"),
    ("placeholder", r"\[\s*[●•]+\s*\]|\[\s*(?:\.\.\.|…)\s*\]|\bX{2,}\b|_{3,}|à compléter|\{\{.*?\}\}|\[nom[^\]]*\]|\[[A-ZÉ][A-ZÉ ]{2,}\]|\bTBD\b|\?\?"),
    ("renewal", r"tacite(?:ment)? reconduction|reconduit tacitement|tacitement reconduit|renouvel\w+ (?:tacitement|automatiquement)"),
    ("perpetual", r"sans limitation de durée|durée illimitée|à perpétuité|sans limite de durée"),
    ("ip-scope", r"\bc[èe]d\w*\b"),
]


def check(slug_dir: Path, quiet: bool) -> int:
    errors = 0
    exp_path = slug_dir / "expected.yml"
    exp = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
    files = [p for p in slug_dir.iterdir() if p.name.startswith("contrat.")]
    if len(files) != 1 or files[0].name != exp.get("file"):
        print(f"  ERROR file mismatch: {files} vs {exp.get('file')}")
        errors += 1
        return errors
    if exp.get("profile") not in PROFILES or exp.get("structure") not in STRUCTURES:
        print("  ERROR profile/structure"); errors += 1
    if exp.get("language") != "fr" or not isinstance(exp.get("complete"), bool):
        print("  ERROR language/complete"); errors += 1
    clauses = exp.get("clauses") or {}
    if list(clauses) != FAMILIES or any(v not in ("present", "missing") for v in clauses.values()):
        print(f"  ERROR clauses keys/values: {clauses}"); errors += 1
    text = extract(files[0])
    ntext = norm(text)
    findings = exp.get("findings") or []
    for f in findings:
        if f.get("rule") not in RULES:
            print(f"  ERROR unknown rule {f.get('rule')}"); errors += 1
        if f.get("clause") is not None and f.get("clause") not in FAMILIES:
            print(f"  ERROR unknown clause {f.get('clause')}"); errors += 1
        if norm(f.get("excerpt", "")) not in ntext:
            print(f"  ERROR excerpt not found: {f.get('excerpt')!r}"); errors += 1
    if exp.get("complete") and findings:
        print("  ERROR complete sample with findings"); errors += 1
    if quiet:
        return errors
    listed = {f["rule"] for f in findings}
    for name, pat in SUSPECTS:
        for m in re.finditer(pat, text, flags=re.I):
            ctx = text[max(0, m.start() - 60): m.end() + 60].replace("\n", " ")
            print(f"  ? {name}{' (listed)' if name in listed else ''}: …{ctx}…")
    # internal references
    arts = set(re.findall(r"^\s*(?:#+\s*)?(?:\*\*)?article\s+(\d+)", text, flags=re.I | re.M))
    arts |= set(re.findall(r"^\s*(?:#+\s*)?(?:\*\*)?(\d+)\.?\s+[A-ZÉÈÀ]", text, flags=re.M))
    annexes = set(re.findall(r"^\s*(?:#+\s*)?(?:\*\*)?annexe\s+(\d+|[IVX]+|[A-Z])\b", text, flags=re.I | re.M))
    for m in re.finditer(r"\b(?:l'|aux |à l'|de l')?(article|annexe)s?\s+(\d+\b|[IVX]+\b)(?:\.\d+)?(?!\s*(?:du|de la|de l'|des|al\.|et suivants du)\b)", text, flags=re.I):
        kind, num = m.group(1).lower(), m.group(2)
        tail = text[m.end(): m.end() + 25]
        if re.match(r"\s*(?:du|de la|de l'|des|et suivants|à \d+ du|\(\d\)|,? paragraphe)", tail, flags=re.I):
            continue
        known = arts if kind == "article" else annexes
        if num not in known:
            ctx = text[max(0, m.start() - 40): m.end() + 40].replace("\n", " ")
            print(f"  ? reference {kind} {num} not found as heading: …{ctx}…")
    # SIREN / SIRET
    for m in re.finditer(r"(?<!\d)(?<!\d )(\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3}(?:[ \u00a0]?\d{5})?)(?![\d])", text):
        digits = re.sub(r"\D", "", m.group(1))
        if len(digits) in (9, 14):
            ok = luhn_valid(digits)
            ctx = text[max(0, m.start() - 30): m.end() + 10].replace("\n", " ")
            if not ok or not quiet:
                print(f"  {'ok' if ok else '? INVALID LUHN'} {digits}: …{ctx}…")
    return errors


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    slugs = [a for a in argv if not a.startswith("--")]
    dirs = [CORPUS / s for s in slugs] if slugs else sorted(
        p for p in CORPUS.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))
    total = 0
    for d in dirs:
        print(f"== {d.name}")
        total += check(d, quiet)
    print(f"{total} error(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
