"""Errors that end a command with a one-line message and exit code 2."""

from __future__ import annotations


class TranscheckError(Exception):
    """A user-facing error: the message is printed as is, without a traceback."""


class ConfigError(TranscheckError):
    """Invalid configuration, option value or rule pack."""


class InputError(TranscheckError):
    """An input that cannot be read (missing, undecodable, malformed record)."""


class ModelError(TranscheckError):
    """A translation package that is missing, invalid or cannot be loaded."""
