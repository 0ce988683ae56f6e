"""``transcheck detect``: languages, mixed-language spans and the likely source language."""

from __future__ import annotations

import sys
from typing import Any

import click

from transcheck.cli.options import (
    config_options,
    field_overrides,
    input_options,
    output_option,
    output_stream,
)

_BACKENDS = ("fasttext-cld2", "fasttext", "langdetect", "py3langid", "lingua", "cld2")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    help="Output format (default: text).",
)
@output_option
@click.option(
    "--backend",
    type=click.Choice(_BACKENDS),
    help="Language detector (default: fasttext-cld2, or [detect] backend in config).",
)
@click.option(
    "--candidates",
    metavar="LANGS",
    help="Restrict detection to these languages, e.g. en,fr (best for short texts).",
)
@input_options
@config_options
def detect(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    backend: str | None,
    candidates: str | None,
    config: str | None,
    isolated: bool,
    **opts: Any,
) -> None:
    """Detect the language of each document, paragraph and sentence, mixed-language spans,
    and the language a translation was most likely translated from.

    PATHS are text, Markdown, HTML, JSONL or CSV files, directories, or - for standard input.
    --lang names the language the text should be in (default: detected).
    Exit status: 0 done, 2 usage or input error.
    """
    from transcheck.detection.command import DetectRequest, parse_candidates, run_detect

    if not paths:
        raise click.UsageError("no input: give one or more PATHS, or - for standard input")
    overrides = dict(opts)
    overrides["fields"] = field_overrides(overrides)
    request = DetectRequest(
        paths=list(paths),
        fmt=fmt,
        backend=backend,
        candidates=parse_candidates(candidates),
        overrides={k.replace("_", "-"): v for k, v in overrides.items()},
        config=config,
        isolated=isolated,
    )
    with output_stream(output) as stream:
        code = run_detect(request, stream, sys.stderr)
    sys.exit(code)
