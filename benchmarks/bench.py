#!/usr/bin/env python3
"""clausier performance benchmark (a script, not a test).

    python benchmarks/bench.py [-n 40] [--shared ../shared/contracts] [--json out.json]

Generates N DOCX contracts from the corpus sources (python-docx), adds the real
French files of shared/contracts when present, and measures:

- time per stage, in process and warm: parse(), audit_document() (with the
  matcher-bank scan timed apart), rendering (json, text, html);
- throughput (contracts/s, pages/s) of a batch with 1 and 2 jobs, and the peak
  memory of the worker processes;
- the start-up of a cold `clausier audit FILE --format json --no-cache` on a
  20-page DOCX;
- time against pages for 5, 20 and 80-page contracts;
- two references on the same files: L = fastest text extraction + spacy.blank("fr")
  tokenisation, F = the same extraction + the full fr_core_news_sm pipeline.

Pages of generated files are estimated at 450 words per page (Word does not
store a page count python-docx could set). Timings are wall-clock and
noisy on a shared machine: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "corpus" / "tools" / "sources"
WORDS_PER_PAGE = 450
TARGETS = {
    "T/F": 0.25,
    "T/L": 10.0,
    "jobs2/jobs1": 1.7,
    "worker_peak_mb": 400,
    "cold_20p_s": 4.0,
}

# --- corpus generation --------------------------------------------------------------


def source_lines(path: Path) -> list[tuple[str, str]]:
    """(kind, text) from a corpus source: front matter dropped, markup simplified."""
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1] if text.startswith("---") else text
    out = []
    for line in body.splitlines():
        line = re.sub(r"\[\[del:.*?\]\]", "", line)
        line = re.sub(r"\[\[ins:(.*?)\]\]", r"\1", line)
        line = re.sub(r"<<comment:.*?>>", "", line).replace("**", "").strip()
        if not line or line == "@pagebreak":
            continue
        if line.startswith("@title "):
            out.append(("title", line[7:]))
        elif line.startswith("@"):
            out.append(("p", line.split(" ", 1)[1] if " " in line else ""))
        elif line.startswith("## "):
            out.append(("h2", line[3:]))
        elif line.startswith("# "):
            out.append(("h1", line[2:]))
        elif line.startswith("- "):
            out.append(("li", line[2:]))
        elif line.startswith("|"):
            out.append(("p", " ".join(c.strip() for c in line.strip("|").split("|"))))
        else:
            out.append(("p", line))
    return out


def write_docx(lines: list[tuple[str, str]], dest: Path, pages: int | None = None) -> int:
    """Write the lines as a DOCX; with `pages`, repeat the articles until about
    that many pages. Returns the estimated page count."""
    import docx

    document = docx.Document()
    words = 0
    body = [line for line in lines if line[0] != "title"]
    title = next((t for k, t in lines if k == "title"), "CONTRAT")
    document.add_paragraph(title, style="Title")
    target = (pages or 0) * WORDS_PER_PAGE
    rounds = 0
    while rounds == 0 or words < target:
        for kind, text in body:
            if kind == "h1":
                document.add_heading(text if rounds == 0 else f"{text} (suite {rounds})", level=1)
            elif kind == "h2":
                document.add_heading(text, level=2)
            elif kind == "li":
                document.add_paragraph(text, style="List Bullet")
            else:
                document.add_paragraph(text)
            words += len(text.split())
        rounds += 1
    document.save(dest)
    return max(1, round(words / WORDS_PER_PAGE))


def build_corpus(folder: Path, n: int, shared: Path | None) -> list[tuple[Path, int]]:
    sources = sorted(SOURCES.glob("*.txt"))
    files = []
    for i in range(n):
        source = sources[i % len(sources)]
        dest = folder / f"{i:03d}-{source.stem}.docx"
        files.append((dest, write_docx(source_lines(source), dest)))
    if shared and (shared / "fr").is_dir():
        for path in sorted((shared / "fr").rglob("*")):
            if path.suffix.lower() in (".docx", ".pdf", ".md", ".txt", ".odt"):
                files.append((path, 0))  # pages filled in after parsing
    return files


# --- references ------------------------------------------------------------------------


def fast_paragraphs(path: Path) -> list[str]:
    """The quickest way to get the text out, with no structure at all."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".dotx", ".docm"):
        from lxml import etree

        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        return ["".join(t.text or "" for t in p.iter(ns + "t")) for p in root.iter(ns + "p")]
    if suffix == ".odt":
        from lxml import etree

        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("content.xml"))
        return ["".join(p.itertext()) for p in root.iter("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p")]
    if suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        finally:
            pdf.close()
    return path.read_text(encoding="utf-8", errors="replace").split("\n\n")


def reference_times(paths: list[Path]) -> dict[str, float]:
    import spacy

    blank = spacy.blank("fr")
    full = spacy.load("fr_core_news_sm")
    texts = {p: [t for t in fast_paragraphs(p) if t.strip()] for p in paths}  # warm the file cache
    extract = tokens = pipeline = 0.0
    for path in paths:
        t0 = time.perf_counter()
        paragraphs = [t for t in fast_paragraphs(path) if t.strip()]
        t1 = time.perf_counter()
        for doc in blank.pipe(paragraphs):
            pass
        t2 = time.perf_counter()
        for doc in full.pipe(texts[path]):
            pass
        t3 = time.perf_counter()
        extract += t1 - t0
        tokens += t2 - t1
        pipeline += t3 - t2
    return {"extract": extract, "L": extract + tokens, "F": extract + pipeline}


# --- clausier stages -----------------------------------------------------------------


def stage_times(paths: list[Path]) -> tuple[dict[str, float], dict[Path, int], list]:
    from lint.engine import audit_document, matcher_bank
    from lint.errors import InputError
    from lint.model import BODY_KINDS, Report
    from lint.parsers import parse
    from lint.reporters import REPORTERS
    from lint.ruleset.loader import load_rulepack

    pack = load_rulepack()
    bank = matcher_bank(pack, "fr")
    times = {"parse": 0.0, "audit_document": 0.0, "scan (part of audit)": 0.0, "render json": 0.0, "render text": 0.0, "render html": 0.0}
    pages, reports = {}, []
    for path in paths:
        t0 = time.perf_counter()
        try:
            document = parse(path)
        except InputError:
            continue
        t1 = time.perf_counter()
        report = audit_document(document)
        t2 = time.perf_counter()
        bank.scan([b for b in document.blocks if b.kind in BODY_KINDS])
        t3 = time.perf_counter()
        times["parse"] += t1 - t0
        times["audit_document"] += t2 - t1
        times["scan (part of audit)"] += t3 - t2
        pages[path] = document.metadata.page_count or max(1, round(len(document.text.split()) / WORDS_PER_PAGE))
        one = Report(tool_version="bench", rules_version=pack.version, documents=(report,))
        for fmt in ("json", "text", "html"):
            t = time.perf_counter()
            REPORTERS[fmt](one, {"color": False, "quiet": True})
            times[f"render {fmt}"] += time.perf_counter() - t
        reports.append(report)
    return times, pages, reports


def _memory_mb(pid: int) -> tuple[float, float]:
    """(Rss, Pss) of a process from /proc: Pss splits the pages shared with
    the forking parent, so it is the fair per-worker figure."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss"):
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values.get("Rss", 0.0), values.get("Pss", 0.0)


def throughput(paths: list[Path], jobs: int) -> tuple[float, float, float]:
    """Seconds for the batch, and the peak Rss and Pss seen in a worker."""
    from lint.batch import BatchSettings, run_batch
    from lint.executors import LocalExecutor, ProcessExecutor

    executor = ProcessExecutor(jobs) if jobs > 1 else LocalExecutor()
    peak = [0.0, 0.0]
    last = [0.0]

    def sample(report) -> None:
        # Reading /proc/PID/smaps_rollup costs the parent a few ms: sample
        # twice a second, not after every file, or the probe slows the batch.
        now = time.perf_counter()
        if now - last[0] < 0.5:
            return
        last[0] = now
        for pid in getattr(executor, "worker_pids", ()):
            rss, pss = _memory_mb(pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    t0 = time.perf_counter()
    result = run_batch(paths, BatchSettings(jobs=jobs), on_done=sample, executor_factory=lambda n: executor)
    assert len(result.documents) == len(paths)
    return time.perf_counter() - t0, peak[0], peak[1]


def cold_start(path: Path, runs: int = 3) -> list[float]:
    exe = Path(sys.executable).parent / "clausier"
    out = []
    env = {**os.environ, "CLAUSIER_CACHE_DIR": tempfile.mkdtemp()}
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "audit", str(path), "--format", "json", "--no-cache"], capture_output=True, env=env)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=40, help="generated contracts (default 40)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "contracts")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args()

    from lint.executors import warm

    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="clausier-bench-") as tmp:
        folder = Path(tmp)
        files = build_corpus(folder, args.n, args.shared if args.shared.is_dir() else None)
        paths = [p for p, _ in files]
        print(f"{len(paths)} files ({args.n} generated DOCX, {len(paths) - args.n} real from {args.shared})")

        t0 = time.perf_counter()
        warm()
        results["warm_up_s"] = time.perf_counter() - t0

        stages, pages, _ = stage_times(paths)
        audited = list(pages)
        total_pages = sum(pages.values())
        T = stages["parse"] + stages["audit_document"]
        results.update(stages=stages, pages=total_pages, files_readable=len(audited), T=T)
        print(f"\n== stages, warm, in process ({len(audited)} readable files, {total_pages} pages)")
        for name, value in stages.items():
            print(f"  {name:<22} {value:8.3f} s  ({1000 * value / len(audited):6.1f} ms/file)")
        print(f"  T = parse + audit      {T:8.3f} s")
        one, _, _ = throughput(paths, 1)
        two, rss_mb, pss_mb = throughput(paths, 2)
        results.update(jobs1_s=one, jobs2_s=two, worker_peak_rss_mb=rss_mb, worker_peak_pss_mb=pss_mb)
        print(f"\n== batch throughput ({len(paths)} files incl. unreadable ones, warm parent, fork)")
        for jobs, seconds in ((1, one), (2, two)):
            print(f"  --jobs {jobs}: {seconds:6.2f} s  {len(paths) / seconds:6.2f} contracts/s  {total_pages / seconds:7.1f} pages/s")
        print(f"  speed-up 2 jobs / 1 job: {one / two:.2f}   (target ≥ {TARGETS['jobs2/jobs1']})")
        print(f"  worker peak: Pss {pss_mb:.0f} MB, Rss {rss_mb:.0f} MB (Rss counts pages shared with the parent)   (target ≤ {TARGETS['worker_peak_mb']})")
        print(f"  peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

        # After the batches: the full model must not sit in the forked workers.
        refs = reference_times(audited)
        results.update(refs)
        print(f"\n== references on the same {len(audited)} files (T = parse + audit = {T:.3f} s)")
        print(f"  L = extract + blank    {refs['L']:8.3f} s   T/L = {T / refs['L']:.2f}   (target ≤ {TARGETS['T/L']})")
        print(f"  F = extract + full sm  {refs['F']:8.3f} s   T/F = {T / refs['F']:.2f}   (target ≤ {TARGETS['T/F']})")

        print("\n== time against pages (parse + audit, median of 3)")
        from lint.engine import audit_file

        big = max(SOURCES.glob("*.txt"), key=lambda p: p.stat().st_size)
        linear = {}
        for n_pages in (5, 20, 80):
            dest = folder / f"pages-{n_pages}.docx"
            est = write_docx(source_lines(big), dest, pages=n_pages)
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                audit_file(dest)
                runs.append(time.perf_counter() - t)
            linear[n_pages] = (est, statistics.median(runs))
            print(f"  {est:3d} pages: {linear[n_pages][1]:6.3f} s  ({1000 * linear[n_pages][1] / est:5.1f} ms/page)")
        results["linearity"] = {str(k): v for k, v in linear.items()}
        ratio = (linear[80][1] / linear[80][0]) / (linear[5][1] / linear[5][0])
        print(f"  per-page time 80 p / 5 p: {ratio:.2f} (1.0 = linear)")

        cold = cold_start(folder / "pages-20.docx")
        results["cold_20p_s"] = cold
        print(f"\n== cold single-file audit, 20-page DOCX: {', '.join(f'{c:.2f}' for c in cold)} s (median {statistics.median(cold):.2f}; target ≤ {TARGETS['cold_20p_s']})")

    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
