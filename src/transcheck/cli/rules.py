"""``transcheck rules``: the rules, checks and finding types in force."""

from __future__ import annotations

import json
from typing import Any

import click

from transcheck.cli.options import selection_options


@click.command()
@click.argument("code", required=False)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--examples", is_flag=True, help="Show each rule's must-fire / must-pass examples.")
@selection_options
def rules(code: str | None, fmt: str, examples: bool, **opts: Any) -> None:
    """List rules (optionally those matching CODE: a type, rule id or prefix, or check)."""
    from transcheck.checks.registry import all_checks
    from transcheck.config import load_settings
    from transcheck.rulepacks import load_rulebook
    from transcheck.selection import code_matches

    packs = tuple(opts.get("rule_packs") or ())
    settings = load_settings({"rule-packs": list(packs)} if packs else None)
    book = load_rulebook(settings.rule_packs)
    chosen = [r for r in book if code is None or code_matches(code, r.type, r.id, r.check)]
    if code is not None and not chosen:
        raise click.UsageError(f"no rule matches {code!r}")
    if fmt == "json":
        data = [
            {
                "id": r.id,
                "type": r.type,
                "severity": r.severity.value,
                "pack": r.pack,
                "check": r.check or "patterns",
                "confidence": r.confidence,
                "source_langs": list(r.source_langs),
                "message": r.message,
                "suggestion": r.suggestion,
                "origin": r.origin,
                **(
                    {"examples": {"fire": list(r.examples.fire), "pass": list(r.examples.pass_)}}
                    if examples
                    else {}
                ),
            }
            for r in chosen
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max((len(r.id) for r in chosen), default=10)
    for r in chosen:
        langs = ",".join(r.source_langs) or "any"
        click.echo(f"{r.id:{width}}  {r.severity.value:7}  {r.type:28}  src={langs}")
        if examples:
            for ex in r.examples.fire:
                click.echo(f"{'':{width}}  fire: {ex!r}")
            for ex in r.examples.pass_:
                click.echo(f"{'':{width}}  pass: {ex!r}")
    checks = all_checks()
    click.echo(f"\n{len(chosen)} rules in {len(book.packs)} packs; checks: {', '.join(checks)}")
