"""``transcheck audit`` (batch audit into a results store) and ``transcheck report`` (reports
rebuilt from a store)."""

from __future__ import annotations

import sys
from typing import Any

import click

from transcheck.cli.options import (
    config_options,
    fail_level_option,
    input_options,
    selection_options,
    settings_overrides,
)


def _report_options(func: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "--report",
                "html",
                type=click.Path(dir_okay=False, writable=True),
                help="Write the HTML report (one file, works offline) to FILE.",
            ),
            click.option(
                "--jsonl",
                type=click.Path(dir_okay=False, writable=True),
                help="Write every finding as one JSON line to FILE.",
            ),
            click.option(
                "--csv",
                "csv_path",
                type=click.Path(dir_okay=False, writable=True),
                help="Write a per-document CSV summary to FILE.",
            ),
        ]
    ):
        func = option(func)
    return func


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--store",
    type=click.Path(dir_okay=False),
    help="The SQLite results store (default: audit.db, or audit.store in config).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the store and skip documents already done with the same content and "
    "settings; without it the store starts empty.",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(1),
    help="Worker processes (default: number of CPUs; 1 checks in this process).",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster, e.g. tcp://host:8786."
)
@click.option(
    "--dask-local",
    type=click.IntRange(1),
    metavar="N",
    help="Start a Dask LocalCluster with N workers and run on it.",
)
@click.option("--chunk-size", type=click.IntRange(1), help="Documents per task (default: 32).")
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    help="Files larger than this are recorded as failed, not read (default: 20000000).",
)
@_report_options
@fail_level_option()
@selection_options
@input_options
@config_options
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress line on standard error (default: when it is a terminal).",
)
def audit(
    paths: tuple[str, ...],
    store: str | None,
    resume: bool,
    workers: int | None,
    scheduler: str | None,
    dask_local: int | None,
    chunk_size: int | None,
    max_bytes: int | None,
    html: str | None,
    jsonl: str | None,
    csv_path: str | None,
    fail_level: str | None,
    config: str | None,
    isolated: bool,
    progress: bool | None,
    **opts: Any,
) -> None:
    """Audit archives: check many documents in parallel into a resumable results store.

    PATHS are directories (walked recursively; --include/--exclude globs), JSONL and CSV
    archives (one document per record), text, Markdown and HTML files. Results go to the
    store as they come; a killed or interrupted audit continues with --resume, which skips
    documents already done with the same content and settings.

    Documents that cannot be read or checked (binary, undecodable, empty, too large, a
    check that crashed) are recorded as failed with the reason and counted in the summary;
    they do not change the exit status.

    Exit status: 0 no finding at or above --fail-level in the store, 1 there is one,
    2 usage or runtime error, 130 interrupted (continue with --resume).
    """
    from transcheck.audit.runner import AuditRequest, ReportTargets, run_audit

    if not paths:
        raise click.UsageError("no input: give one or more files, directories or archives")
    if "-" in paths:
        raise click.UsageError("audit reads files and directories, not standard input")
    request = AuditRequest(
        paths=list(paths),
        overrides=settings_overrides(opts, fail_level=fail_level),
        config=config,
        isolated=isolated,
        store=store,
        resume=resume,
        workers=workers,
        scheduler=scheduler,
        dask_local=dask_local,
        chunk_size=chunk_size,
        max_bytes=max_bytes,
        progress=progress if progress is not None else sys.stderr.isatty(),
        reports=ReportTargets(html=html, jsonl=jsonl, csv=csv_path),
    )
    outcome = run_audit(request, err=sys.stderr)
    c, t = outcome.counts, outcome.totals
    rate = c.checked / outcome.elapsed_s if outcome.elapsed_s > 0 else 0.0
    click.echo(
        f"audited {c.seen:,} documents in {outcome.elapsed_s:.1f} s with {outcome.backend} "
        f"({outcome.workers} worker{'s' if outcome.workers != 1 else ''}): {c.checked:,} checked "
        f"({rate:,.1f}/s), {c.skipped:,} unchanged, {c.failed:,} failed, "
        f"{c.findings:,} findings"
    )
    click.echo(
        f"store {outcome.store}: {t.documents:,} documents, {t.findings:,} findings "
        f"({t.by_severity['error']:,} error, {t.by_severity['warning']:,} warning, "
        f"{t.by_severity['info']:,} info), {t.failed:,} failed"
    )
    if outcome.interrupted:
        click.echo(
            f"transcheck: interrupted: {c.finished:,} documents recorded in {outcome.store}; "
            "run the same command with --resume to continue",
            err=True,
        )
    else:
        if t.failed:
            click.echo(
                f"transcheck: {t.failed:,} documents failed (see the report, or "
                f"`transcheck report {outcome.store}`)",
                err=True,
            )
        for label, path in (("HTML report", html), ("findings", jsonl), ("CSV summary", csv_path)):
            if path:
                click.echo(f"transcheck: {label} written to {path}", err=True)
    sys.exit(outcome.exit_code)


@click.command()
@click.argument("store", type=click.Path(dir_okay=False))
@_report_options
@fail_level_option("the audit's")
def report(
    store: str, html: str | None, jsonl: str | None, csv_path: str | None, fail_level: str | None
) -> None:
    """Rebuild reports from an audit results store.

    Without --report, --jsonl or --csv, prints the store's totals. Exit status as for audit.
    """
    from transcheck.audit.runner import ReportTargets, fails_at, write_reports
    from transcheck.audit.store import Store

    with Store(store, readonly=True) as db:
        run = db.latest_run() or {}
        level = fail_level or run.get("fail_level") or "warning"
        targets = ReportTargets(html=html, jsonl=jsonl, csv=csv_path)
        t = db.totals()
        if targets.any():
            write_reports(db, targets, level)
        click.echo(
            f"store {store}: {t.documents:,} documents ({t.done:,} done, {t.failed:,} failed), "
            f"{t.findings:,} findings ({t.by_severity['error']:,} error, "
            f"{t.by_severity['warning']:,} warning, {t.by_severity['info']:,} info)"
        )
        if run.get("status") not in (None, "complete"):
            click.echo(
                f"transcheck: the last audit into {store} did not complete "
                f"({run.get('status')}); continue it with --resume",
                err=True,
            )
        for label, path in (("HTML report", html), ("findings", jsonl), ("CSV summary", csv_path)):
            if path:
                click.echo(f"transcheck: {label} written to {path}", err=True)
    sys.exit(1 if fails_at(t, level) else 0)
