"""Annotated Word copy: the contract with one Word comment per finding.

The reviewer gets the findings where they work, in the margin of the
contract. Choices:
- The source file is only read; the copy is written atomically.
- A finding is anchored on the paragraph whose text contains its excerpt,
  compared on normalised, folded text (findings quote clausier's normalised
  text). List labels ("Article 5 –") are computed by Word and absent from
  the XML, which is why matching uses the excerpt and never the label. When
  several paragraphs match, the one nearest the reported paragraph number
  wins.
- The comment covers exactly the matched words (or, when the finding marks
  none, the excerpt) when their ends fall inside plain text runs (those runs
  are split); otherwise it widens to whole runs.
- Findings without an excerpt (missing clauses) and excerpts that cannot be
  found go into one summary comment on the title, with the score.
- Only .docx-family files: see docs/annotate.md for why PDF is not annotated.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from lint.model import MISSING_RULE, DocumentReport, Finding
from lint.output import atomic_write
from lint.parsers.base import ARTICLE
from lint.reporters.common import clause_status, locate_excerpt, score, strings

AUTHOR, INITIALS = "Clausier", "CL"
WORD_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}

P, R, T = qn("w:p"), qn("w:r"), qn("w:t")
RPR = qn("w:rPr")
# Runs under these are not part of the text Word shows (deleted text, text boxes
# handled as their own paragraphs).
_HIDDEN = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}
_CHAR = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A text box is stored twice (DrawingML and a VML fallback); read it once.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


# "Article 5 –", "ARTICLE IV.", "5.2", "12)" at the start of a heading.
_LABEL = re.compile(
    rf"^\s*(?:{ARTICLE}\s*[.):–—-]?\s*"
    r"|\d+(?:\.\d+)*\s*[.):–—-]?\s*"
    r"|(?:[ivxlc]+|[a-z])\s*[.):–—-]\s*)",
    re.IGNORECASE,
)


class AnnotateError(Exception):
    """The copy cannot be made (unsupported format, unreadable report)."""


@dataclass
class _Para:
    element: object
    ordinal: int  # 1-based among non-empty paragraphs, close to clausier's paragraph numbers
    runs: list  # w:r elements
    texts: list[str]

    @property
    def text(self) -> str:
        return "".join(self.texts)


def annotate_docx(source: Path, dest: Path, document_report: DocumentReport, lang: str) -> int:
    """Write a copy of `source` to `dest` with the findings as Word comments.

    Returns the number of comments written (findings anchored on their
    excerpt, plus the summary comment).
    """
    source, dest = Path(source), Path(dest)
    if source.suffix.lower() not in WORD_SUFFIXES:
        raise AnnotateError(
            f"annotated copies are made for Word files (.docx) only, not {source.suffix or 'this file'}: "
            "see docs/annotate.md"
        )
    if document_report.error:
        raise AnnotateError(f"{source.name} was not analysed ({document_report.error.kind}): nothing to annotate")
    if dest.exists() and dest.resolve() == source.resolve():
        raise AnnotateError("the annotated copy must not overwrite the original contract")

    document = open_docx(BytesIO(source.read_bytes()))
    body = document.element.body
    paragraphs = _paragraphs(body)
    ui = strings(lang)

    count, unplaced = 0, []
    for finding in document_report.findings:
        if not finding.excerpt:
            continue
        placed = _place(paragraphs, finding)
        if placed is None:
            unplaced.append(finding)
            continue
        first, last = placed
        lines = [finding.message]
        if finding.reference:
            lines.append(f"{ui['basis']}{ui['colon']}{finding.reference}")
        if finding.suggestion:
            lines.append(f"{ui['suggestion']}{ui['colon']}{finding.suggestion}")
        _comment(document, body, first, last, lines)
        count += 1

    title = next((p for p in paragraphs if p.text.strip() and p.runs), None)
    if title is not None:
        _comment(document, body, title.runs[0], title.runs[-1], _summary(document_report, unplaced, lang))
        count += 1

    buffer = BytesIO()
    document.save(buffer)
    atomic_write(dest, buffer.getvalue())
    return count


def _summary(report: DocumentReport, unplaced: list[Finding], lang: str) -> list[str]:
    ui = strings(lang)
    s = score(report)
    lines = [f"Clausier{ui['colon']}{ui['essentials_present'].format(present=s.present, total=s.total)}."]
    missing = [c for c in report.clauses if not c.present]
    if missing:
        lines.append(f"{ui['missing_clauses']}{ui['colon']}")
        lines += [f"– {c.title}{ui['colon']}{clause_status(c, lang)}" for c in missing]
    else:
        lines.append(f"{ui['missing_clauses']}{ui['colon']}{ui['none']}.")
    others = [f for f in report.findings if not f.excerpt and f.rule != MISSING_RULE] + unplaced
    if others:
        lines.append(f"{ui['findings']}{ui['colon']}")
        for finding in others:
            where = f" (§{finding.location.paragraph})" if finding.location.paragraph else ""
            lines.append(f"– {finding.message}{where}")
    lines.append(ui["disclaimer"])
    return lines


def _paragraphs(body) -> list[_Para]:
    out, ordinal = [], 0
    for p in body.iter(P):
        if _under(p, body, {qn("w:del"), qn("w:moveFrom"), _FALLBACK}):
            continue
        runs, texts = [], []
        for r in p.iter(R):
            if _under(r, p, _HIDDEN) or _nearest_paragraph(r) is not p:
                continue
            runs.append(r)
            texts.append(_run_text(r))
        para = _Para(p, ordinal, runs, texts)
        if para.text.strip():
            ordinal += 1
            para.ordinal = ordinal
        out.append(para)
    return out


def _under(node, stop, tags) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _nearest_paragraph(node):
    parent = node.getparent()
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent


def _run_text(r) -> str:
    parts = []
    for child in r:
        if child.tag == T:
            parts.append(child.text or "")
        elif child.tag in _CHAR:
            parts.append(_CHAR[child.tag])
    return "".join(parts)


def _place(paragraphs: list[_Para], finding: Finding):
    """(first run, last run) covering the excerpt, splitting runs at its ends when they are plain."""
    candidates = _candidates(paragraphs, finding.excerpt)
    if not candidates:
        # A heading excerpt carries the label Word computes from numbering ("Article 5 –"),
        # which is not in the XML: retry without it.
        unlabelled = _LABEL.sub("", finding.excerpt, count=1)
        if unlabelled != finding.excerpt and len(unlabelled) >= 3:
            candidates = _candidates(paragraphs, unlabelled)
    if not candidates:
        return None
    target = finding.location.paragraph
    if target:
        candidates.sort(key=lambda c: abs(c[0].ordinal - target))
    para, (start, end) = candidates[0]
    start, end = _words_span(para.text, start, end, finding)
    return _split_to_span(para, start, end)


def _words_span(text: str, start: int, end: int, finding: Finding) -> tuple[int, int]:
    """Narrow the excerpt's span [start, end) of `text` to the finding's
    matched words, when it marks some and they are found there."""
    if finding.highlight is None:
        return start, end
    segment = text[start:end]
    if segment == finding.excerpt:
        return start + finding.highlight[0], start + finding.highlight[1]
    # The file's typography differs from clausier's normalised text: find the
    # words after the part of the excerpt that precedes them.
    before, words, _ = finding.marked
    lead = locate_excerpt(segment, before) if before.strip() else None
    offset = lead[1] if lead else 0
    span = locate_excerpt(segment[offset:], words) if words.strip() else None
    if span is None:
        return start, end
    return start + offset + span[0], start + offset + span[1]


def _candidates(paragraphs: list[_Para], excerpt: str) -> list:
    out = []
    for para in paragraphs:
        span = locate_excerpt(para.text, excerpt) if para.runs else None
        if span:
            out.append((para, span))
    return out


def _split_to_span(para: _Para, start: int, end: int):
    offset, first, last = 0, None, None
    for index, text in enumerate(para.texts):
        run_start, run_end = offset, offset + len(text)
        offset = run_end
        if first is None and start < run_end:
            first = (index, start - run_start)
        if end <= run_end:
            last = (index, end - run_start)
            break
    if first is None or last is None:
        return para.runs[0], para.runs[-1]
    (i, cut_start), (j, cut_end) = first, last
    first_run, last_run = para.runs[i], para.runs[j]
    # Cut the end first, so that when both ends fall in one run the start offset still holds.
    if cut_end < len(para.texts[j]) and _plain(last_run):
        last_run = _split(last_run, cut_end)[0]
        if i == j:
            first_run = last_run
    if cut_start > 0 and _plain(first_run):
        tail = _split(first_run, cut_start)[1]
        if first_run is last_run:
            last_run = tail
        first_run = tail
    return first_run, last_run


def _plain(r) -> bool:
    """A run holding one text element and formatting only: safe to cut in two."""
    content = [c for c in r if c.tag != RPR]
    return len(content) == 1 and content[0].tag == T


def _split(r, at: int):
    """Cut a plain run at `at` characters; returns (head, tail), both keeping the formatting."""
    tail = copy.deepcopy(r)
    head_t, tail_t = r.find(T), tail.find(T)
    text = head_t.text or ""
    head_t.text, tail_t.text = text[:at], text[at:]
    for t in (head_t, tail_t):
        t.set(_XML_SPACE, "preserve")
    r.addnext(tail)
    return r, tail


def _comment(document, body, first, last, lines: list[str]) -> None:
    paragraph = Paragraph(_nearest_paragraph(first), body)
    comment = document.add_comment(
        [Run(first, paragraph), Run(last, paragraph)], text=lines[0], author=AUTHOR, initials=INITIALS
    )
    style = comment.paragraphs[0]._p.pPr
    for line in lines[1:]:
        added = comment.add_paragraph(line)
        if style is not None and added._p.pPr is None:
            added._p.insert(0, copy.deepcopy(style))
