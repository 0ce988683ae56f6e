"""``transcheck check``: findings for files, archives or standard input."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from transcheck.cli.options import (
    config_options,
    fail_level_option,
    input_options,
    output_option,
    output_stream,
    selection_options,
    settings_overrides,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "html"]),
    help="Output format (default: text).",
)
@output_option
@fail_level_option()
@selection_options
@input_options
@click.option(
    "--source",
    "source_path",
    type=click.Path(exists=True, dir_okay=False),
    help="The original text, to verify the translation against it.",
)
@click.option(
    "--reference",
    "reference_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A trusted reference rendering of the original (no model needed).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, writable=True),
    help="Record the current findings as the baseline and exit 0.",
)
@config_options
@click.option("--color/--no-color", default=None, help="Colour text output (default: on a tty).")
@click.option("-q", "--quiet", is_flag=True, help="Text output: no source lines, no notes.")
@click.option(
    "-r",
    "--recursive",
    is_flag=True,
    help="Check the files in directories given as PATHS (see --include/--exclude).",
)
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    fail_level: str | None,
    source_path: str | None,
    reference_path: str | None,
    baseline: str | None,
    write_baseline: str | None,
    config: str | None,
    isolated: bool,
    color: bool | None,
    quiet: bool,
    recursive: bool,
    **opts: Any,
) -> None:
    """Check translated text for machine-translation artifacts.

    PATHS are text, Markdown, HTML, JSONL or CSV files, directories, or - for standard input.
    Exit status: 0 clean, 1 findings at or above --fail-level, 2 usage or input error.
    """
    from transcheck.runner import CheckRequest, run_check

    if not paths:
        raise click.UsageError("no input: give one or more PATHS, or - for standard input")
    request = CheckRequest(
        paths=list(paths),
        overrides=settings_overrides(opts, format=fmt, fail_level=fail_level, baseline=baseline),
        config=config,
        isolated=isolated,
        source_path=source_path,
        reference_path=reference_path,
        write_baseline=write_baseline,
        quiet=quiet,
        recursive=recursive,
    )
    with output_stream(output) as stream:
        use_color = (
            color
            if color is not None
            else (output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
        )
        code = run_check(request, stream, color=use_color, err=sys.stderr)
    if output is not None and code != 2:
        click.echo(f"transcheck: report written to {Path(output)}", err=True)
    sys.exit(code)
