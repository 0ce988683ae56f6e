"""``transcheck models``: list, install (validated), remove and verify translation packages."""

from __future__ import annotations

import json
from pathlib import Path

import click

_PACKAGES_DIR = click.option(
    "--packages-dir",
    type=click.Path(file_okay=False),
    help="Where packages are installed (default: user data dir).",
)


def _packages_dir(packages_dir: str | None) -> Path:
    from transcheck.translate.render import load_translate_settings

    return load_translate_settings({"packages_dir": packages_dir}).resolved_packages_dir()


@click.group()
def models() -> None:
    """Argos Translate packages used for reference renderings."""


@models.command("list")
@_PACKAGES_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the packages as JSON.")
def list_(packages_dir: str | None, as_json: bool) -> None:
    """Installed packages (and folders that are not usable packages)."""
    from transcheck.translate.packages import list_packages

    folder = _packages_dir(packages_dir)
    good, broken = list_packages(folder)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "packages_dir": str(folder),
                    "packages": [
                        {
                            "name": p.name,
                            "from": p.from_code,
                            "to": p.to_code,
                            "version": p.package_version,
                            "path": str(p.path),
                        }
                        for p in good
                    ],
                    "broken": [{"path": str(path), "problem": why} for path, why in broken],
                },
                indent=2,
            )
        )
        return
    click.echo(f"packages in {folder}:")
    if not good and not broken:
        click.echo("  none (install one with `transcheck models install PATH.argosmodel`)")
    for p in good:
        click.echo(f"  {p.from_code}->{p.to_code:5} {p.package_version:8} {p.name}")
    for path, why in broken:
        click.echo(f"  BROKEN {path.name}: {why}")


@models.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--from-index",
    nargs=2,
    metavar="SRC TGT",
    help="Download the SRC->TGT package listed in the Argos package index.",
)
@click.option("--force", is_flag=True, help="Replace an installed package of the same name.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    show_default=True,
    help="Network timeout in seconds (--from-index).",
)
@_PACKAGES_DIR
def install(
    path: str | None,
    from_index: tuple[str, str] | None,
    force: bool,
    timeout: float,
    packages_dir: str | None,
) -> None:
    """Install PATH (an .argosmodel file) after validating it, or --from-index SRC TGT."""
    folder = _packages_dir(packages_dir)
    if bool(path) == bool(from_index):
        raise click.UsageError("give either PATH or --from-index SRC TGT")
    if from_index:
        from transcheck.translate.index import install_from_index

        info = install_from_index(
            from_index[0], from_index[1], folder, timeout=timeout, replace=force
        )
    else:
        from transcheck.translate.packages import install_package

        info = install_package(Path(str(path)), folder, replace=force)
    click.echo(
        f"installed {info.name} ({info.from_code}->{info.to_code}, "
        f"version {info.package_version}) in {folder}"
    )


@models.command()
@click.argument("spec")
@_PACKAGES_DIR
def remove(spec: str, packages_dir: str | None) -> None:
    """Remove a package by folder name (translate-fr_en-1_9) or pair (fr-en)."""
    from transcheck.translate.packages import remove_package

    for path in remove_package(_packages_dir(packages_dir), spec):
        click.echo(f"removed {path.name}")


@models.command()
@click.argument("specs", nargs=-1)
@click.option("--quick", is_flag=True, help="Check files and metadata only; load no model.")
@_PACKAGES_DIR
def verify(specs: tuple[str, ...], quick: bool, packages_dir: str | None) -> None:
    """Check installed packages (all, or those named): files, metadata, and that the model
    loads and translates. Exit status 1 when a package is broken."""
    from transcheck.translate.packages import verify_packages

    results = verify_packages(_packages_dir(packages_dir), list(specs), load_model=not quick)
    if not results:
        click.echo("no packages installed")
    for r in results:
        click.echo(f"{'ok    ' if r.ok else 'BROKEN'} {r.name}")
        for problem in r.problems:
            click.echo(f"       {problem}")
    if any(not r.ok for r in results):
        raise SystemExit(1)
