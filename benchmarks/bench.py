#!/usr/bin/env python3
"""clausier performance benchmark: what users run (a script, not a test).

    python benchmarks/bench.py [--runs 3] [--thousand | --only-thousand] [--stages]
                               [--before DIR] [--json out.json]

Every figure is the wall time of the `clausier` command, start-up included,
over --runs runs: the median and the best run, and the CPU time (workers
included). On a shared machine the best run is the one least slowed by others;
compare ratios measured in the same run, not single timings.

- cold: `clausier audit ONE-PAGE.docx --format json --no-cache`, as a ratio to
  `python -c "import spacy"` timed alternately in the same run (target ≤ 2.0);
- folder: `clausier audit FOLDER --jobs 1` and `--jobs 2` (`--no-cache`) on 50
  files: 33 DOCX generated from the corpus sources, 15 real PDF and DOCX from
  ../shared/contracts/fr/ and 2 broken files (target: jobs 2 ≥ 1.6× faster);
- with --thousand (minutes): 1,000 copies of the real PDF and DOCX of
  ../shared/contracts/fr/ and corpus/ (each round: every shared file and one
  corpus file, about 15 pages a contract), `--jobs 2 --no-cache`, with the
  pages counted and the time per page (target ≤ 65 s);
- with --stages: the older in-process view (parse / audit / scan / render per
  stage, warm) and the references L = text extraction + spacy.blank("fr")
  tokenisation and F = extraction + the full fr_core_news_sm pipeline.

With --before DIR (a checkout of an older commit: `git worktree add DIR REV`),
the same commands also run on that code, as `python -m lint` from DIR,
interleaved with the current ones.

Pages are the parser's page count (PDF pages, DOCX app.xml), or words / 450
when a file has none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "corpus" / "tools" / "sources"
SHARED = ROOT.parent / "shared" / "contracts"
WORDS_PER_PAGE = 450
TARGETS = {"cold/import spacy": 2.0, "jobs1/jobs2": 1.6, "thousand_s": 65.0}
CLAUSIER = Path(sys.executable).parent / "clausier"

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




# --- what users run -----------------------------------------------------------------


def real_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".pdf", ".docx"))


def build_folder(folder: Path, shared: Path) -> Path:
    """50 files: 33 generated DOCX, 15 real PDF/DOCX, 2 broken."""
    folder.mkdir(parents=True)
    sources = sorted(SOURCES.glob("*.txt"))
    for i in range(33):
        source = sources[i % len(sources)]
        write_docx(source_lines(source), folder / f"{i:03d}-{source.stem}.docx")
    real = real_files(shared / "fr")[:15]
    for i, path in enumerate(real):
        shutil.copyfile(path, folder / f"real-{i:02d}-{path.name}")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 this is not a zip archive" * 10)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n% truncated")
    return folder


def one_page_docx(dest: Path) -> Path:
    lines, words = [], 0
    for kind, text in source_lines(sorted(SOURCES.glob("*.txt"))[0]):
        lines.append((kind, text))
        words += len(text.split())
        if words >= WORDS_PER_PAGE - 50:
            break
    write_docx(lines, dest)
    return dest


CPU_SECONDS: list[float] = []  # CPU time (user + sys, workers included) of each run, in order


def run(cmd: list[str], env: dict, cwd: Path | None = None) -> float:
    """Wall seconds of `cmd`; its CPU seconds go to CPU_SECONDS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return seconds


def audit_cmd(paths: list[Path], *options: str, before: Path | None = None) -> list[str]:
    # `before`: an older checkout, run as `python -m lint` from its folder (first on sys.path).
    command = [sys.executable, "-m", "lint"] if before else [str(CLAUSIER)]
    return [*command, "audit", *map(str, paths), "--format", "json", "--no-cache", "--fail-on", "never", "-q", "-o", os.devnull, *options]


def with_path(env: dict, before: Path) -> dict:
    return {**env, "PYTHONPATH": str(before)}


def cold(path: Path, runs: int, env: dict, before: Path | None = None) -> dict:
    """Alternate the commands so that load on a shared machine hits them alike."""
    out: dict = {"import_spacy_s": [], "cold_audit_s": [], **({"before_cold_audit_s": []} if before else {})}
    for _ in range(runs):
        out["import_spacy_s"].append(run([sys.executable, "-c", "import spacy"], env))
        out["cold_audit_s"].append(run(audit_cmd([path]), env))
        if before:
            out["before_cold_audit_s"].append(run(audit_cmd([path], before=before), with_path(env, before), cwd=before))
    out["ratio"] = statistics.median(out["cold_audit_s"]) / statistics.median(out["import_spacy_s"])
    out["ratio_best"] = min(out["cold_audit_s"]) / min(out["import_spacy_s"])
    return out


def folder_jobs(folder: Path, runs: int, env: dict, before: Path | None = None) -> dict:
    out: dict = {}
    variants = [("", None)] + ([("before_", before)] if before else [])
    for _ in range(runs):
        for prefix, checkout in variants:
            for jobs in ("1", "2"):
                seconds = run(audit_cmd([folder], "--jobs", jobs, before=checkout), with_path(env, checkout) if checkout else env, cwd=checkout)
                out.setdefault(f"{prefix}jobs{jobs}_s", []).append(seconds)
                out.setdefault(f"{prefix}jobs{jobs}_cpu_s", []).append(CPU_SECONDS[-1])
    for prefix, _ in variants:
        one, two = out[f"{prefix}jobs1_s"], out[f"{prefix}jobs2_s"]
        out[f"{prefix}speed_up"] = statistics.median(one) / statistics.median(two)
        out[f"{prefix}speed_up_best"] = min(one) / min(two)
    return out


def pages_of(path: Path) -> int:
    from lint.parsers import parse

    document = parse(path)
    return document.metadata.page_count or max(1, round(len(document.text.split()) / WORDS_PER_PAGE))


def thousand(folder: Path, shared: Path, env: dict, before: Path | None = None, n: int = 1000) -> dict:
    """n copies: each round every real file of shared/fr and the next corpus file."""
    shared_files, corpus_files = real_files(shared / "fr"), real_files(ROOT / "corpus")
    pages = {p: pages_of(p) for p in shared_files + corpus_files}
    folder.mkdir(parents=True)
    total, chosen, round_no = 0, [], 0
    while len(chosen) < n:
        chosen += shared_files + [corpus_files[round_no % len(corpus_files)]]
        round_no += 1
    for i, path in enumerate(chosen[:n]):
        shutil.copyfile(path, folder / f"{i:04d}{path.suffix.lower()}")
        total += pages[path]
    seconds = run(audit_cmd([folder], "--jobs", "2"), env)
    out = {
        "files": n, "distinct_files": len(set(chosen[:n])), "pages": total, "seconds": seconds,
        "cpu_s": CPU_SECONDS[-1], "ms_per_page": 1000 * seconds / total,
    }
    if before:
        out["before_seconds"] = run(audit_cmd([folder], "--jobs", "2", before=before), with_path(env, before), cwd=before)
        out["before_cpu_s"] = CPU_SECONDS[-1]
    return out


def stages(folder: Path) -> dict:
    paths = sorted(p for p in folder.iterdir() if not p.name.startswith("broken"))
    times, pages, _ = stage_times(paths)
    refs = reference_times([p for p in paths if p in pages])
    T = times["parse"] + times["audit_document"]
    print(f"\n== stages, warm, in process ({len(pages)} files, {sum(pages.values())} pages)")
    for name, value in times.items():
        print(f"  {name:<22} {value:8.3f} s  ({1000 * value / len(pages):6.1f} ms/file)")
    print(f"  T = parse + audit      {T:8.3f} s")
    print(f"  L = extract + blank    {refs['L']:8.3f} s   T/L = {T / refs['L']:.2f}")
    print(f"  F = extract + full sm  {refs['F']:8.3f} s   T/F = {T / refs['F']:.2f}")
    return {"stages": times, "T": T, **refs}


def _fmt(values: list[float], cpu: list[float] | None = None) -> str:
    text = f"median {statistics.median(values):6.2f} s, best {min(values):6.2f} s  (runs: {', '.join(f'{v:.2f}' for v in values)})"
    return text + (f"  CPU median {statistics.median(cpu):.2f} s" if cpu else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of each timed command (default 3)")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared contracts (default ../shared/contracts)")
    parser.add_argument("--thousand", action="store_true", help="also the 1,000-contract run (minutes)")
    parser.add_argument("--only-thousand", action="store_true", help="the 1,000-contract run alone")
    parser.add_argument("--stages", action="store_true", help="also the in-process stage times and references")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    parser.add_argument("--before", type=Path, default=None, help="a checkout of an older commit (git worktree add DIR REV) to time alongside")
    args = parser.parse_args()
    args.before = args.before.resolve() if args.before else None
    if not (args.shared / "fr").is_dir():
        raise SystemExit(f"{args.shared}/fr is missing: the benchmark needs the real French contracts")

    results: dict = {"cpus": os.cpu_count(), "load_average_before": os.getloadavg()}
    print(f"clausier benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the run, {args.runs} runs each")
    with tempfile.TemporaryDirectory(prefix="clausier-bench-") as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "CLAUSIER_CACHE_DIR": str(tmp / "cache")}

        if not args.only_thousand:
            measure_cold_and_folder(tmp, args, env, results)
        if args.thousand or args.only_thousand:
            results["thousand"] = t = thousand(tmp / "thousand", args.shared, env, args.before)
            print(f"\n== {t['files']} contracts (copies of {t['distinct_files']} real PDF/DOCX), {t['pages']} pages, --jobs 2 --no-cache")
            print(f"  {t['seconds']:.1f} s ({t['cpu_s']:.1f} s CPU), {t['ms_per_page']:.2f} ms per page   (target ≤ {TARGETS['thousand_s']:.0f} s)")
            if args.before:
                print(f"  before ({args.before.name}): {t['before_seconds']:.1f} s ({t['before_cpu_s']:.1f} s CPU)")

    results["load_average_after"] = os.getloadavg()
    print(f"\nload average {os.getloadavg()[0]:.2f} after the run")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


def measure_cold_and_folder(tmp: Path, args, env: dict, results: dict) -> None:
    results["cold"] = c = cold(one_page_docx(tmp / "one-page.docx"), args.runs, env, args.before)
    print("\n== cold single-file audit, one-page DOCX")
    print(f"  python -c 'import spacy'   {_fmt(c['import_spacy_s'])}")
    print(f"  clausier audit (cold)      {_fmt(c['cold_audit_s'])}")
    if args.before:
        print(f"  before ({args.before.name})  {_fmt(c['before_cold_audit_s'])}")
    print(f"  ratio {c['ratio']:.2f} from medians, {c['ratio_best']:.2f} from best runs   (target ≤ {TARGETS['cold/import spacy']})")

    folder = build_folder(tmp / "folder", args.shared)
    results["folder"] = f = folder_jobs(folder, args.runs, env, args.before)
    print("\n== folder of 50 files (33 generated DOCX, 15 real PDF/DOCX, 2 broken), CLI, start-up included")
    print(f"  --jobs 1   {_fmt(f['jobs1_s'], f['jobs1_cpu_s'])}")
    print(f"  --jobs 2   {_fmt(f['jobs2_s'], f['jobs2_cpu_s'])}")
    print(f"  speed-up {f['speed_up']:.2f} from medians, {f['speed_up_best']:.2f} from best runs   (target ≥ {TARGETS['jobs1/jobs2']})")
    if args.before:
        print(f"  before: --jobs 1 {_fmt(f['before_jobs1_s'], f['before_jobs1_cpu_s'])}")
        print(f"  before: --jobs 2 {_fmt(f['before_jobs2_s'], f['before_jobs2_cpu_s'])}")
        print(f"  before: speed-up {f['before_speed_up']:.2f} from medians, {f['before_speed_up_best']:.2f} from best runs")

    if args.stages:
        results["stages"] = stages(folder)


if __name__ == "__main__":
    main()
