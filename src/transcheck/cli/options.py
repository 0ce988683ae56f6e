"""Options shared by several commands (readers, selection, output)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from transcheck.config import FAIL_LEVELS

F = TypeVar("F", bound=Callable[..., Any])


def _apply(func: F, options: list[Callable[[F], F]]) -> F:
    for option in reversed(options):
        func = option(func)
    return func


def input_options(func: F) -> F:
    """How to read inputs: encoding, format, archive fields, languages, file globs."""
    return _apply(
        func,
        [
            click.option("--encoding", help="Input encoding (default: UTF-8, BOM allowed)."),
            click.option(
                "--input-format",
                type=click.Choice(["text", "markdown", "html", "jsonl", "csv"]),
                help="Input format (default: by file extension; text for stdin).",
            ),
            click.option("--lang", help="Language of the published text (e.g. en)."),
            click.option("--source-lang", help="Language the text was translated from (e.g. fr)."),
            click.option("--id-field", help="JSONL/CSV field holding the document id."),
            click.option("--text-field", help="JSONL/CSV field holding the text."),
            click.option("--source-text-field", help="JSONL/CSV field holding the source text."),
            click.option("--include", multiple=True, help="Glob of files to read in directories."),
            click.option("--exclude", multiple=True, help="Glob of files to skip in directories."),
        ],
    )


def selection_options(func: F) -> F:
    """Which findings to report: select/ignore codes, severities, rule packs, confidence."""
    return _apply(
        func,
        [
            click.option("--select", help="Comma-separated types, rule ids/prefixes or checks."),
            click.option(
                "--ignore", help="Comma-separated codes to leave out (wins over --select)."
            ),
            click.option(
                "--severity",
                "severity_overrides",
                multiple=True,
                metavar="CODE=LEVEL",
                help="Override a type's or rule's severity, e.g. style.calque=error.",
            ),
            click.option(
                "--min-confidence",
                type=click.FloatRange(0, 1),
                help="Drop findings below this confidence (0..1).",
            ),
            click.option(
                "--rule-pack",
                "rule_packs",
                multiple=True,
                type=click.Path(exists=True),
                help="Extra YAML rule pack (file or directory); repeatable.",
            ),
        ],
    )


# Options that several commands share, declared once.
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE instead of standard output.",
)


def fail_level_option(default: str = "warning") -> Callable[[F], F]:
    return click.option(
        "--fail-level",
        type=click.Choice(FAIL_LEVELS),
        help=f"Exit 1 when a finding is at or above this level (default: {default}).",
    )


def config_options(func: F) -> F:
    """``--config FILE`` and ``--isolated``."""
    return _apply(
        func,
        [
            click.option(
                "--config",
                type=click.Path(dir_okay=False),
                help="Read settings from this file instead of searching for one.",
            ),
            click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        ],
    )


def parse_severity_overrides(values: tuple[str, ...]) -> dict[str, str] | None:
    """``CODE=LEVEL`` pairs from the command line."""
    if not values:
        return None
    out: dict[str, str] = {}
    for value in values:
        code, sep, level = value.partition("=")
        if not sep or not code.strip() or not level.strip():
            raise click.BadParameter(f"expected CODE=LEVEL, got {value!r}", param_hint="--severity")
        out[code.strip()] = level.strip()
    return out


def field_overrides(opts: dict[str, Any]) -> dict[str, str] | None:
    """Archive field names from the ``--*-field`` options."""
    fields = {
        name: opts.pop(f"{name}_field")
        for name in ("id", "text", "source_text")
        if opts.get(f"{name}_field")
    }
    for name in ("id", "text", "source_text"):
        opts.pop(f"{name}_field", None)
    return fields or None


def settings_overrides(opts: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Config overrides (kebab-case keys) from a command's shared options plus ``values``.

    Consumes the ``--severity`` and ``--*-field`` options into their config tables.
    """
    overrides = dict(opts)
    overrides.update(values)
    overrides["severity"] = parse_severity_overrides(overrides.pop("severity_overrides", ()))
    overrides["fields"] = field_overrides(overrides)
    return {k.replace("_", "-"): v for k, v in overrides.items()}


@contextlib.contextmanager
def output_stream(path: str | None) -> Iterator[TextIO]:
    """Standard output, or FILE written atomically when the command succeeds."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        try:
            yield fh
        except BaseException:
            fh.close()
            tmp.unlink(missing_ok=True)
            raise
    tmp.replace(target)
