"""Time PDF text engines on a folder of PDFs, per file and in total.

    python benchmarks/pdf_engines.py [DIR]     (default: ../shared/contracts)

Columns: pypdfium2 text (FPDFText_GetText per page), pdfplumber words
(extract_words) and text (extract_text), and clausier's PDF parser end to
end. The words column counts pypdfium2's whitespace-separated words, to show
the engines read the same text. Files that fail (encrypted, scanned, ...) are
listed with the parser's error kind and left out of the totals.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lint.errors import InputError  # noqa: E402
from lint.parsers.pdf import parse_pdf  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "contracts"


def pdfium_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def plumber_words(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_words()) for page in pdf.pages)


def plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def timed(function, path: Path) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(path)
    return time.perf_counter() - start, result


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    files = sorted(folder.glob("**/*.pdf"))
    if not files:
        print(f"no PDF under {folder}", file=sys.stderr)
        return 2
    header = f"{'file':42} {'pages':>5} {'words':>7} {'pdfium':>8} {'plb words':>9} {'plb text':>9} {'clausier':>9}"
    print(header)
    print("-" * len(header))
    totals = [0.0, 0.0, 0.0, 0.0]
    pages_total = measured = 0
    for path in files:
        name = (path.stem[:39] + "...") if len(path.stem) > 42 else path.stem
        try:
            parser_time, document = timed(parse_pdf, path)
        except InputError as error:
            print(f"{name:42} skipped: {error.kind}")
            continue
        try:
            pdfium_time, text = timed(pdfium_text, path)
            words_time, _ = timed(plumber_words, path)
            text_time, _ = timed(plumber_text, path)
        except Exception as exc:  # an engine failing is a result, not a crash
            print(f"{name:42} engine error: {type(exc).__name__}")
            continue
        pages = document.metadata.page_count or 0
        row = (pdfium_time, words_time, text_time, parser_time)
        totals = [t + r for t, r in zip(totals, row)]
        pages_total += pages
        measured += 1
        print(f"{name:42} {pages:5d} {len(text.split()):7d} " + " ".join(f"{t:8.3f}s" for t in row))
    print("-" * len(header))
    print(f"{f'total ({measured} files)':42} {pages_total:5d} {'':7} " + " ".join(f"{t:8.3f}s" for t in totals))
    if pages_total:
        per_page = " ".join(f"{1000 * t / pages_total:7.2f}ms" for t in totals)
        print(f"{'per page':42} {'':5} {'':7} {per_page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
