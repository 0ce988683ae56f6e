"""``transcheck cache``: statistics and clearing of the rendering cache."""

from __future__ import annotations

import json

import click

_CACHE_PATH = click.option(
    "--cache-path",
    type=click.Path(dir_okay=False),
    help="Rendering cache file (default: under the user cache dir).",
)


@click.group()
def cache() -> None:
    """The rendering cache (translations already made)."""


def _open(cache_path: str | None):  # type: ignore[no-untyped-def]
    from transcheck.translate.cache import RenderingCache
    from transcheck.translate.render import load_translate_settings

    settings = load_translate_settings({"cache_path": cache_path})
    return RenderingCache(settings.resolved_cache_path())


@cache.command()
@_CACHE_PATH
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
def stats(cache_path: str | None, as_json: bool) -> None:
    """Entries per backend, model and language pair, and the size on disk."""
    with _open(cache_path) as store:
        info = store.stats()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "path": str(info.path),
                    "exists": info.exists,
                    "entries": info.entries,
                    "size_bytes": info.size_bytes,
                    "groups": [g.__dict__ for g in info.groups],
                },
                indent=2,
            )
        )
        return
    click.echo(f"cache: {info.path}" + ("" if info.exists else " (not created yet)"))
    click.echo(f"entries: {info.entries}")
    click.echo(f"size: {info.size_bytes / 1024:.1f} KiB")
    for g in info.groups:
        click.echo(
            f"  {g.backend:9} {g.src}->{g.tgt:4} {g.entries:8}  {g.model_id} ({g.model_version})"
        )


@cache.command()
@_CACHE_PATH
@click.option("--model", "model_id", help="Only the entries of this model id.")
@click.option("--backend", help="Only the entries of this backend.")
def clear(cache_path: str | None, model_id: str | None, backend: str | None) -> None:
    """Delete cached renderings (all of them unless --model or --backend narrow it)."""
    with _open(cache_path) as store:
        removed = store.clear(model_id=model_id, backend=backend)
    click.echo(f"removed {removed} cached rendering(s)")
