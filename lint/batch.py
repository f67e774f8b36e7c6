"""Batch audits: many files, cached results first, the rest on an executor,
reports handed back in input order.

`audit_batch` yields one DocumentReport per input path, in the order of the
paths, as soon as it and every report before it are ready (finished reports
that come early wait in a buffer). `run_batch` collects them and turns Ctrl-C
into a partial result instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from lint.config import Config, load_config, validate_selectors
from lint.executors import AuditTask, Executor, make_executor
from lint.model import DocumentReport, Report
from lint.parsers import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:  # the cache module is imported only when a run uses the cache
    from lint.cache import ReportCache


@dataclass(frozen=True)
class BatchSettings:
    config: Config = field(default_factory=Config)
    profile: str | None = None
    password: str | None = None
    jobs: int = 1
    timeout: float = DEFAULT_LIMITS.timeout_seconds
    scheduler: object | None = None  # a Dask scheduler address or Client
    mp_context: str | None = None
    max_memory: int = DEFAULT_LIMITS.max_memory_bytes

    @property
    def limits(self) -> Limits:
        return Limits(timeout_seconds=self.timeout, max_memory_bytes=self.max_memory)


@dataclass(frozen=True)
class BatchResult:
    documents: tuple[DocumentReport, ...]
    interrupted: bool = False
    total: int = 0


def completed(
    paths: Sequence[str | Path],
    settings: BatchSettings,
    *,
    cache: ReportCache | None = None,
    executor_factory: Callable[[int], Executor] | None = None,
) -> Iterator[tuple[int, DocumentReport]]:
    """`(index, report)` for every path, cache hits first, then in the order
    the executor finishes them."""
    keys: dict[int, str | None] = {}
    tasks: list[AuditTask] = []
    for index, path in enumerate(map(str, paths)):
        if cache is not None:
            keys[index] = cache.key(path)
            hit = cache.get(keys[index], path)
            if hit is not None:
                yield index, hit
                continue
        tasks.append(
            AuditTask(index=index, path=path, config=settings.config, profile=settings.profile, password=settings.password, limits=settings.limits)
        )
    if not tasks:
        return
    if executor_factory is not None:
        executor = executor_factory(len(tasks))
    else:
        executor = make_executor(
            settings.jobs, len(tasks), scheduler=settings.scheduler, timeout=settings.timeout,
            rule_dirs=settings.config.rule_dirs, mp_context=settings.mp_context, max_memory=settings.max_memory,
        )
    try:
        for index, report in executor.results(tasks):
            if cache is not None:
                cache.put(keys.get(index), report)
            yield index, report
    except BaseException:
        # Ctrl-C, a dead cluster, or the consumer stopping early: stop the
        # workers now rather than let them finish.
        executor.close(cancel=True)
        raise
    executor.close()


def audit_batch(paths: Sequence[str | Path], settings: BatchSettings, **kwargs) -> Iterator[DocumentReport]:
    """One report per path, in input order, each as soon as it and all before it are done."""
    ready: dict[int, DocumentReport] = {}
    next_index = 0
    for index, report in completed(paths, settings, **kwargs):
        ready[index] = report
        while next_index in ready:
            yield ready.pop(next_index)
            next_index += 1


def run_batch(
    paths: Sequence[str | Path],
    settings: BatchSettings,
    *,
    on_done: Callable[[DocumentReport], None] | None = None,
    **kwargs,
) -> BatchResult:
    """All reports in input order; on Ctrl-C, every report finished so far
    (still in input order) with `interrupted=True`. `on_done` sees each report
    as it finishes, for progress bars."""
    done: dict[int, DocumentReport] = {}
    interrupted = False
    try:
        for index, report in completed(paths, settings, **kwargs):
            done[index] = report
            if on_done is not None:
                on_done(report)
    except KeyboardInterrupt:
        interrupted = True
    documents = tuple(done[i] for i in sorted(done))
    return BatchResult(documents=documents, interrupted=interrupted, total=len(paths))


def contract_page_name(number: int, total: int, name: str) -> str:
    """`NN-<name>.html` for a contract's own page: numbered so that two
    contracts with one name never collide, and sorted like the portfolio."""
    stem = re.sub(r"[^\w.-]+", "-", str(Path(name).with_suffix("")), flags=re.UNICODE).strip("-.") or "contrat"
    return f"{number:0{max(2, len(str(total)))}d}-{stem[-80:]}.html"


def short_names(report: Report) -> dict[str, str]:
    """Each document's path relative to the folder all of them share, so that
    many `contrat.docx` in their own folders stay told apart."""
    # realpath, not Path.resolve: a symlink loop (reported as an error row) must not raise here.
    paths = [os.path.realpath(d.path) for d in report.documents]
    if not paths:
        return {}
    root = os.path.commonpath(paths) if len(paths) > 1 else os.path.dirname(paths[0])
    if root in paths:  # one document, or all the same file
        root = os.path.dirname(root)
    return {d.path: os.path.relpath(p, root) for d, p in zip(report.documents, paths)}


def write_html_portfolio(report: Report, output: Path, options: dict, contract_reporter=None) -> list[Path]:
    """The portfolio page at `output`, and when a one-document HTML reporter
    is given, one page per contract in `<output stem>_files/`, linked from
    the portfolio. Every file is written atomically; the portfolio last, so
    its links never point at pages not yet written. Returns the files written."""
    from lint.output import atomic_write
    from lint.reporters.portfolio import render_portfolio

    written = []
    links = {}
    names = short_names(report)
    if contract_reporter is not None:
        folder = output.parent / f"{output.stem}_files"
        for number, doc in enumerate(report.documents, start=1):
            name = contract_page_name(number, len(report.documents), names[doc.path])
            single = dataclasses.replace(report, documents=(doc,))
            atomic_write(folder / name, contract_reporter(single, options))
            written.append(folder / name)
            links[doc.path] = f"{quote(folder.name)}/{quote(name)}"
    atomic_write(output, render_portfolio(report, {"names": names, **options, "links": links}))
    written.append(output)
    return written


def configure(first_file: str | Path, config_file: str | Path | None = None, *, select: Sequence[str] = (), ignore: Sequence[str] = (),
              language: str | None = None):
    """The configuration of a batch (`config_file`, else the one found from
    the first file upwards) with the command line's selectors and language
    added, and the rule pack it names, checked against each other. Raises
    ConfigError or RulePackError."""
    from lint.ruleset.loader import load_rulepack

    config = load_config(explicit=config_file) if config_file else load_config(first_file)
    config = dataclasses.replace(config, select=_merged(config.select, select), ignore=_merged(config.ignore, ignore), language=language or config.language)
    pack = load_rulepack(config.rule_dirs)
    validate_selectors(config, pack)
    return config, pack


def _merged(base: tuple[str, ...], extra: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*base, *extra)))


def build_report(result: BatchResult, pack, tool_version: str) -> Report:
    return Report(tool_version=tool_version, rules_version=pack.version, documents=result.documents, interrupted=result.interrupted)
