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
