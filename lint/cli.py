"""Command-line interface: click commands only, the work happens elsewhere."""

from __future__ import annotations

import json
import sys

import click

from lint import __version__
from lint.errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT = 0, 1, 2


def _fail_input(error: InputError) -> None:
    click.echo(f"clausier: error [{error.kind}]: {error.message}", err=True)
    sys.exit(EXIT_USAGE_OR_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="clausier")
def main() -> None:
    """clausier: checks French contracts for missing and risky clauses."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def extract(file: str, fmt: str, password: str | None) -> None:
    """Print the outline and the text blocks that clausier reads from FILE."""
    from lint.parsers import parse
    from lint.reporters.extract import render_extract_text

    try:
        document = parse(file, password=password)
    except InputError as error:
        _fail_input(error)
    if fmt == "json":
        click.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_extract_text(document))


FAIL_LEVELS = {"error": 3, "warning": 2, "info": 1, "never": 99}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str), default=None, help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--profile", type=click.Choice(["partnership", "services", "nda", "dpa", "license", "terms"]), default=None, help="Contract type; detected from the title and content when omitted.")
@click.option("--fail-on", type=click.Choice(list(FAIL_LEVELS)), default="error", show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--include", multiple=True, help="Glob of files to audit inside folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip inside folders (repeatable).")
def audit(paths, fmt, output, profile, fail_on, password, include, exclude) -> None:
    """Audit contracts (files or folders) for missing and risky clauses.

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 usage error or an input that could not be read.
    """
    from lint import __version__ as version
    from lint.engine import audit_file
    from lint.inputs import collect_paths
    from lint.model import Report
    from lint.output import atomic_write
    from lint.reporters import REPORTERS
    from lint.ruleset.loader import load_rulepack

    files = collect_paths(tuple(paths), tuple(include), tuple(exclude))
    if not files:
        click.echo("clausier: error: no contract files found in the given paths", err=True)
        sys.exit(EXIT_USAGE_OR_INPUT)
    pack = load_rulepack()
    documents = tuple(audit_file(path, profile=profile, password=password) for path in files)
    report = Report(tool_version=version, rules_version=pack.version, documents=documents)
    rendered = REPORTERS[fmt](report, {})
    if output:
        atomic_write(output, rendered)
    else:
        click.echo(rendered, nl=False)
    for doc in documents:
        if doc.error:
            click.echo(f"clausier: error [{doc.error.kind}]: {doc.error.message}", err=True)
    sys.exit(exit_code(report, fail_on))


def exit_code(report, fail_on: str) -> int:
    if any(doc.error for doc in report.documents):
        return EXIT_USAGE_OR_INPUT
    threshold = FAIL_LEVELS[fail_on]
    worst = max((f.severity.rank for doc in report.documents for f in doc.findings), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@main.command(name="eval")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=str), default=None, help="Folder of samples with expected.yml (default: the project's corpus/).")
@click.option("--labels", type=click.Path(dir_okay=False, path_type=str), default=None, help="A labels TSV (file + one column per family), e.g. ../shared/contracts/labels-fr.tsv.")
@click.option("--show-errors/--no-show-errors", default=True, help="List each wrong call.")
def evaluate_command(corpus_dir, labels, show_errors) -> None:
    """Per-family precision, recall and F1 against expected results."""
    from lint.evaluation import evaluate_corpus, evaluate_labels, render_scores

    runs = []
    if labels:
        runs.append(evaluate_labels(labels))
    if corpus_dir or not labels:
        runs.append(evaluate_corpus(corpus_dir))
    for run in runs:
        click.echo(render_scores(run, show_errors=show_errors))
