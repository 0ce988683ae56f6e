"""The ``transcheck`` command line. Subcommands live in their own modules and load lazily,
so ``transcheck check`` never imports the translator or the audit machinery."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from transcheck import __version__

# name -> "module:attribute"; each module holds click commands only.
COMMANDS: dict[str, str] = {
    "check": "transcheck.cli.check:check",
    "detect": "transcheck.cli.detect:detect",
    "translate": "transcheck.cli.translate:translate",
    "models": "transcheck.cli.models:models",
    "cache": "transcheck.cli.cache:cache",
    "audit": "transcheck.cli.audit:audit",
    "report": "transcheck.cli.audit:report",
    "rules": "transcheck.cli.rules:rules",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when invoked (or listed)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None  # command not built yet
            raise
        command: Any = getattr(module, attr)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="transcheck")
def cli() -> None:
    """transcheck: find machine-translation artifacts in published text."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point: click handles usage errors (exit 2); our errors exit 2 too."""
    from transcheck.errors import TranscheckError

    try:
        cli.main(args=argv, prog_name="transcheck", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("transcheck: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code in (1, 2) else exc.exit_code)
    except TranscheckError as exc:
        click.echo(f"transcheck: error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("transcheck: interrupted", err=True)
        sys.exit(130)
    except MemoryError:
        click.echo("transcheck: error: out of memory", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(
            f"transcheck: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True
        )
        sys.exit(2)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("TRANSCHECK_DEBUG"):
            raise
        click.echo(
            f"transcheck: internal error: {type(exc).__name__}: {exc} "
            "(set TRANSCHECK_DEBUG=1 for the traceback, and please report it)",
            err=True,
        )
        sys.exit(2)
    sys.exit(0)
