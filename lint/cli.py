"""Command-line interface: click commands only, the work happens elsewhere."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys

import click

from lint import __version__
from lint.errors import InputError, clean_message, safe_kind
from lint.nlp.languages import LANG_CHOICES, PRIMARY_LANGUAGE

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT = 0, 1, 2
MiB = 1024 * 1024


def _error_line(kind: str, message: str) -> str:
    """One line, from a fixed vocabulary of kinds, whatever a file or a cache entry holds."""
    return f"clausier: error [{safe_kind(kind)}]: {clean_message(message)}"


def _fail_input(error: InputError) -> None:
    click.echo(_error_line(error.kind, error.message), err=True)
    sys.exit(EXIT_USAGE_OR_INPUT)


class MemorySize(click.ParamType):
    """`1G`, `512M`, `1500` (MiB), as bytes."""

    name = "size"
    UNITS = {"": MiB, "k": 1024, "m": MiB, "g": 1024 * MiB}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in ("k", "m", "g") else ""
        try:
            size = int(float(text[: len(text) - len(unit)]) * self.UNITS[unit])
        except ValueError:
            self.fail(f"{value!r} is not a size such as 1G, 512M or 1500 (MiB)", param, ctx)
        from lint.sandbox import MIN_MAX_MEMORY

        if size < MIN_MAX_MEMORY:
            self.fail(f"{value!r} is below the minimum of {MIN_MAX_MEMORY // MiB} MiB (the model alone needs about 350 MiB)", param, ctx)
        return size


MAX_MEMORY_HELP = "Memory (address space) allowed to the process reading and auditing each file, e.g. 1G or 512M; a file needing more is reported with the kind \"memory\"."


class _Command(click.Group):
    """The `clausier` command group. Run as the program itself (no `args`:
    the real command line, as the `clausier` script and `python -m lint` do),
    it ends the process once its output is flushed, without the
    interpreter's teardown: freeing spaCy and every module one by one took
    0.15 s after the work was done, a tenth of a cold audit. Called with
    `args` (tests, CliRunner, other programs) it behaves as any click group."""

    def main(self, args=None, *rest, **options):
        if args is not None:
            return super().main(args, *rest, **options)
        try:
            super().main(args, *rest, **options)
            code = 0
        except SystemExit as stop:
            code = stop.code
        _exit_now(code)


def _exit_now(code) -> None:
    """sys.exit(code) as the interpreter would end it, minus the teardown.
    While worker processes remain (a batch stopped by Ctrl-C), the ordinary
    exit, which waits for them, is kept."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # what Python exits with when flushing stdout fails
    os._exit(code)


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="clausier")
def main() -> None:
    """clausier: checks French contracts for missing and risky clauses."""


@main.command()
# readable=False: an unreadable file gets its own error line ("unreadable"), not click's usage text.
@click.argument("file", type=click.Path(dir_okay=False, readable=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds allowed to read the file.")
@click.option("--max-memory", type=MemorySize(), default="1G", show_default=True, help=MAX_MEMORY_HELP)
def extract(file: str, fmt: str, password: str | None, timeout: float, max_memory: int) -> None:
    """Print the outline and the text blocks that clausier reads from FILE."""
    from lint import sandbox
    from lint.parsers import Limits

    sandbox.capture_library_warnings()
    limits = Limits(timeout_seconds=timeout, max_memory_bytes=max_memory)
    _emit(_extract_sandboxed(file, password, limits, fmt), None, fmt=fmt)


def _extract_or_error(file: str, password: str | None, limits, fmt: str):
    """The rendered extract, or the InputError. Rendering happens here, in the
    sandbox too: what a file's structure makes of an outline is its business."""
    from lint.parsers import parse
    from lint.reporters.extract import render_extract_text

    from lint.model import InputErrorInfo

    try:
        document = parse(file, password=password, limits=limits)
    except InputError as error:
        # Plain data across the pipe: an exception pickles its context too
        # when a library (tblib, via distributed) patches exception pickling.
        return InputErrorInfo(error.kind, error.message)
    if fmt == "json":
        return json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return render_extract_text(document) + "\n"


def _extract_sandboxed(file: str, password: str | None, limits, fmt: str):
    """The extract, read and rendered in a child process with the memory and
    time limits; any failure is one line on stderr and exit code 2."""
    from pathlib import Path

    from lint import sandbox
    from lint.executors import limit_message

    if not sandbox.available():
        outcome = _extract_or_error(file, password, limits, fmt)
    else:
        try:
            outcome = sandbox.run(_extract_or_error, file, password, limits, fmt, timeout=limits.timeout_seconds, max_memory=limits.max_memory_bytes)
        except sandbox.Interrupted:
            raise KeyboardInterrupt from None
    if isinstance(outcome, sandbox.Failure):
        message = limit_message(file, outcome.kind, limits, outcome.detail)
        if outcome.kind == "timeout":
            message = f"{Path(file).name}: reading the file took more than {limits.timeout_seconds:g} s; it was stopped"
        _fail_input(InputError(outcome.kind, message))
    if not isinstance(outcome, str):
        _fail_input(InputError(outcome.kind, outcome.message))
    return outcome


FAIL_LEVELS = {"error": 3, "warning": 2, "info": 1, "never": 99}
def _collector_paused_while_loading(command):
    """Run `command` with the cyclic garbage collector off until it turns it
    back on (before the audits): importing spaCy and loading the rule pack
    allocate hundreds of thousands of objects that live as long as the
    process, and collecting while they arrive was 5% of a cold start."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


AUDIT_FORMATS = ("text", "json", "markdown", "sarif", "html", "csv")
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C (128 + SIGINT)
ANNOTATE_SUFFIXES = (".docx", ".docm")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(AUDIT_FORMATS), default="text", show_default=True, help="Report format; csv and html with several files give a portfolio.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None, help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--profile", type=click.Choice(["partnership", "services", "nda", "dpa", "license", "terms", "amendment"]), default=None, help="Contract type; detected from the title and content when omitted.")
@click.option("--fail-on", type=click.Choice(list(FAIL_LEVELS)), default=None, help="Lowest severity that makes the exit code 1 [default: config fail-on, else error].")
@click.option("--lang", "lang", type=click.Choice(LANG_CHOICES), default=None, help="The contracts' language; auto detects it per file [default: config language, else auto].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=str), default=None, help="Configuration file (default: clausier.toml or pyproject.toml found from the first path upwards).")
@click.option("--select", multiple=True, help="Only these rules, codes or families (repeatable; added to the config's).")
@click.option("--ignore", multiple=True, help="Skip these rules, codes or families (repeatable; added to the config's).")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--include", multiple=True, help="Glob of files to audit inside folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip inside folders (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: number of cores]; 1 audits in this process.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60.0, show_default=True, help="Seconds allowed per file before it is reported as a timeout.")
@click.option("--max-memory", type=MemorySize(), default="1G", show_default=True, help=MAX_MEMORY_HELP)
@click.option("--no-cache", is_flag=True, help="Analyse every file again instead of reusing unchanged results.")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler (e.g. tcp://host:8786) to run the audits on; workers must see the files at the same paths.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr.")
@click.option("--annotate", "annotate_dest", type=click.Path(dir_okay=False, path_type=str), default=None, help="Also write a copy of the (single) .docx input with the findings as Word comments.")
@click.option("--color/--no-color", default=None, help="Colour in the report [default: when stdout is a terminal and NO_COLOR is unset].")
@_collector_paused_while_loading
def audit(paths, fmt, output, profile, fail_on, lang, config_file, select, ignore, password, include, exclude, jobs, timeout, max_memory, no_cache, scheduler, quiet, annotate_dest, color) -> None:
    """Audit contracts (files or folders, walked recursively) for missing and risky clauses.

    \b
    Exit codes:
      0    nothing at or above --fail-on
      1    findings at or above --fail-on
      2    usage or configuration error, or an input that could not be read
      130  interrupted (Ctrl-C); the report of the files done so far is
           still written, with "interrupted": true
    """
    import time

    from lint import sandbox
    from lint.batch import BatchSettings

    # Library warnings (pdfminer's, in this process) must not add lines to stderr.
    sandbox.capture_library_warnings()
    files = _input_files(paths, include, exclude)
    annotate_docx = _annotator(annotate_dest, files) if annotate_dest else None
    _check_destinations(files, fmt, output, annotate_dest)
    config, pack = _config_and_pack(files, config_file, select, ignore, lang)
    fail_on = fail_on or config.fail_on or "error"
    color = _use_color(color, output)

    settings = BatchSettings(
        config=config, profile=profile, password=password, jobs=jobs or os.cpu_count() or 1, timeout=timeout, scheduler=scheduler, max_memory=max_memory,
    )
    cache = None if no_cache else _report_cache(pack, config, settings)
    started = time.perf_counter()
    show_progress = not quiet and sys.stderr.isatty()
    report = _audited(files, settings, cache, pack, show_progress)
    _write_report(report, pack, fmt, output, several=len(files) > 1, color=color, quiet=quiet, fail_on=fail_on)
    for doc in report.documents:
        if doc.error:
            click.echo(_error_line(doc.error.kind, doc.error.message), err=True)
    if annotate_docx is not None and report.documents and not report.documents[0].error:
        _annotate_copy(annotate_docx, report.documents[0], annotate_dest, quiet)
    if show_progress:
        _print_summary(report, len(files), cache, time.perf_counter() - started)
    if report.interrupted:
        click.echo(f"clausier: interrupted; the report holds the {len(report.documents)} of {len(files)} file(s) finished", err=True)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(exit_code(report, fail_on))


def _input_files(paths, include, exclude) -> list:
    """The contract files under `paths`; what was skipped is a warning line."""
    from lint.inputs import collect_inputs

    inputs = collect_inputs(tuple(paths), tuple(include), tuple(exclude))
    for warning in inputs.warnings:
        click.echo(f"clausier: warning: {clean_message(warning)}", err=True)
    if not inputs.files:
        _usage_error("no contract files found in the given paths")
    return inputs.files


def _check_destinations(files, fmt: str, output: str | None, annotate_dest: str | None) -> None:
    """Before the audit: a report must never overwrite a contract, and an
    unwritable destination should not cost a full audit first."""
    from pathlib import Path

    for option, dest in (("--output", output), ("--annotate", annotate_dest)):
        if dest:
            _check_destination(option, dest, files)
    if output and fmt == "html" and len(files) > 1:
        _check_destination("--output", str(Path(output).parent / f"{Path(output).stem}_files" / ".probe"), files)


def _config_and_pack(files, config_file, select, ignore, lang):
    """batch.configure, with its mistakes as usage errors."""
    from lint.batch import configure
    from lint.config import ConfigError
    from lint.ruleset.schema import RulePackError

    try:
        return configure(files[0], config_file, select=select, ignore=ignore, language=lang)
    except (ConfigError, RulePackError) as error:
        _usage_error(str(error))


def _audited(files, settings, cache, pack, show_progress: bool):
    """The report of every file, with a progress bar when asked."""
    from lint.batch import build_report, run_batch
    from lint.executors import ExecutorError

    try:
        with _progress(len(files), show_progress) as advance:
            gc.enable()  # the audits run with the collector, as they always have
            result = run_batch(files, settings, cache=cache, on_done=advance)
    except (ExecutorError, OSError) as error:  # workers or cluster unusable: not a file's fault
        _usage_error(str(error))
    return build_report(result, pack, __version__)


def _write_report(report, pack, fmt: str, output: str | None, *, several: bool, color: bool, quiet: bool, fail_on: str) -> None:
    """The report in `fmt`, to `output` or stdout; html over several files is a portfolio."""
    from pathlib import Path

    from lint.batch import write_html_portfolio
    from lint.reporters import REPORTERS, report_options

    options = report_options(report, pack, color=color, quiet=quiet, fail_on=fail_on)
    try:
        if fmt == "html" and several:
            if not output:
                from lint.batch import short_names
                from lint.reporters.portfolio import render_portfolio

                _emit(render_portfolio(report, {"names": short_names(report), **options}), None, fmt=fmt)
            else:
                write_html_portfolio(report, Path(output), options, REPORTERS["html"])
        else:
            _emit(REPORTERS[fmt](report, options), output, color=bool(color and fmt == "text"), fmt=fmt)
    except OSError as error:
        _usage_error(f"--output: cannot write {output or 'stdout'}: {error.strerror or error}")


def _print_summary(report, total: int, cache, seconds: float) -> None:
    errors = sum(1 for d in report.documents if d.error)
    hits = f", {cache.hits} from cache" if cache is not None and cache.hits else ""
    click.echo(f"clausier: {len(report.documents)} of {total} file(s) audited in {seconds:.1f} s{hits}, {errors} unreadable", err=True)


def _annotate_copy(annotate_docx, doc, dest: str, quiet: bool) -> None:
    from pathlib import Path

    from lint.annotate import AnnotateError

    try:
        count = annotate_docx(Path(doc.path), Path(dest), doc, doc.language)
    except (AnnotateError, OSError) as error:
        _usage_error(f"--annotate: {error}")
    if not quiet:
        click.echo(f"clausier: {count} comment(s) written to {dest}", err=True)


def _usage_error(message: str) -> None:
    click.echo(f"clausier: error: {clean_message(message)}", err=True)
    sys.exit(EXIT_USAGE_OR_INPUT)


def _check_destination(option: str, dest: str, files) -> None:
    """Refuse a destination that is one of the inputs (through any link), or
    that cannot be written."""
    from pathlib import Path

    from lint.output import check_writable

    target = Path(dest)
    for file in files:
        try:
            same = target.resolve() == Path(file).resolve() or (target.exists() and os.path.samefile(target, file))
        except (OSError, RuntimeError):
            same = False
        if same:
            _usage_error(f"{option} {dest} is one of the contracts being audited; refusing to overwrite it")
    try:
        check_writable(target)
    except (OSError, RuntimeError) as error:
        _usage_error(f"{option}: cannot write {dest}: {getattr(error, 'strerror', None) or error}")


def _annotator(dest: str, files):
    """annotate_docx, after checking the inputs it can work on."""
    if len(files) != 1:
        _usage_error("--annotate works on a single .docx file, not on several files or a folder")
    if files[0].suffix.lower() not in ANNOTATE_SUFFIXES:
        _usage_error(f"--annotate writes Word comments, so it needs a .docx input; {files[0].name} is not one (PDF, ODT and text files are not supported)")
    from lint.annotate import annotate_docx

    return annotate_docx


def _report_cache(pack, config, settings):
    from lint.cache import ReportCache, cache_salt, default_cache_dir

    salt = cache_salt(
        rules_version=pack.version, tool_version=__version__, config_fingerprint=config.fingerprint(),
        profile=settings.profile, password_given=settings.password is not None, limits=settings.limits,
    )
    cache = ReportCache(default_cache_dir(), salt)
    if not cache.enabled and cache.warning:
        click.echo(f"clausier: warning: {clean_message(cache.warning)}", err=True)
    return cache


def _use_color(flag: bool | None, output: str | None) -> bool:
    """--color and FORCE_COLOR force colour, even piped; NO_COLOR wins over both
    (https://no-color.org, https://force-color.org)."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if flag is not None:
        return flag
    if output:
        return False  # a report file gets colour only when --color asks for it
    return os.environ.get("FORCE_COLOR", "") not in ("", "0") or sys.stdout.isatty()


def _emit(rendered, output: str | None, color: bool = False, fmt: str | None = None) -> None:
    from lint.output import atomic_write, report_bytes

    if output:
        atomic_write(output, rendered, fmt=fmt)
        return
    try:
        if isinstance(rendered, bytes):
            sys.stdout.buffer.write(rendered)
            sys.stdout.flush()
        else:
            # Valid UTF-8 whatever the file names (report_bytes); click strips
            # ANSI codes when stdout is not a terminal unless told otherwise.
            click.echo(report_bytes(rendered, fmt).decode("utf-8"), nl=False, color=color or None)
    except BrokenPipeError:
        # `clausier ... | head`: the reader left; nothing more to say.
        sys.stderr.close()
        sys.exit(EXIT_OK)


class _progress:
    """A rich progress bar on stderr (files done, rate, time left), or nothing.
    Entering gives the callback to call once per finished file."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.bar = total, enabled, None

    def __enter__(self):
        if not self.enabled:
            return lambda report: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task):
                return Text(f"{task.speed:.1f} files/s" if task.speed else "", style="progress.data.speed")

        self.bar = Progress(
            TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("audit", total=self.total)
        return lambda report: self.bar.advance(task)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def exit_code(report, fail_on: str) -> int:
    if any(doc.error for doc in report.documents):
        return EXIT_USAGE_OR_INPUT
    threshold = FAIL_LEVELS[fail_on]
    worst = max((f.severity.rank for doc in report.documents for f in doc.findings), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@main.command(name="eval")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=str), default=None, help="Folder of samples with expected.yml (default: the project's corpus/).")
@click.option("--labels", type=click.Path(dir_okay=False, path_type=str), default=None, help="A labels TSV (file + one column per family), e.g. ../shared/contracts/labels-fr.tsv.")
@click.option("--cuad", "cuad_dir", type=click.Path(file_okay=False, path_type=str), default=None, help="A CUAD folder (txt/ and master_clauses*.csv), e.g. ../shared/contracts/cuad: English presence scores.")
@click.option("--half", type=click.Choice(["A", "B"]), default=None, help="Only the files of this half of the labels (split by file-name hash): tune on A, score B once.")
@click.option("--findings", "reviewed", type=click.Path(dir_okay=False, path_type=str), default=None, help="A TSV of reviewed findings (file, rule, paragraph, verdict, reason): print precision per rule and severity on the --labels files, and list findings nobody has reviewed.")
@click.option("--show-errors/--no-show-errors", default=True, help="List each wrong call.")
def evaluate_command(corpus_dir, labels, cuad_dir, half, reviewed, show_errors) -> None:
    """Per-family precision, recall and F1 against expected results."""
    from lint.evaluation import evaluate_corpus, evaluate_cuad, evaluate_findings, evaluate_labels, labelled_paths, render_findings, render_scores

    if reviewed:
        if not labels:
            raise click.UsageError("--findings needs --labels: the files whose findings are judged")
        name = f"{labels}" + (f" half {half}" if half else "")
        click.echo(render_findings(evaluate_findings(reviewed, labelled_paths(labels, half), name)))
        return
    runs = []
    if labels:
        runs.append(evaluate_labels(labels, half=half))
    if cuad_dir:
        runs.append(evaluate_cuad(cuad_dir, half=half))
    if corpus_dir or not (labels or cuad_dir):
        runs.append(evaluate_corpus(corpus_dir))
    for run in runs:
        click.echo(render_scores(run, show_errors=show_errors))


@main.command(name="rules")
def rules_command() -> None:
    """List the rules with their family, severity and status."""
    from lint.reporters.ruledocs import render_rule_list
    from lint.ruleset.loader import load_rulepack

    click.echo(render_rule_list(load_rulepack()))


@main.command()
@click.argument("name")
@click.option("--lang", "lang", type=click.Choice([code for code in LANG_CHOICES if code != "auto"]), default=PRIMARY_LANGUAGE, show_default=True, help="Language of the rule's title, message and examples.")
def explain(name: str, lang: str) -> None:
    """Explain rule NAME (or its code): why it matters, legal basis, examples."""
    from lint.reporters.ruledocs import find_rule, render_explain, unknown_rule_message
    from lint.ruleset.loader import load_rulepack

    pack = load_rulepack()
    rule = find_rule(pack, name)
    if rule is None:
        click.echo(f"clausier: erreur : {unknown_rule_message(pack, name)}", err=True)
        sys.exit(EXIT_USAGE_OR_INPUT)
    click.echo(render_explain(pack, rule, lang))
