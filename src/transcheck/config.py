"""Settings: command line > ``.transcheck.toml`` > ``[tool.transcheck]`` > defaults.

The config file is found by walking up from the current directory; the first directory that has
a ``.transcheck.toml`` or a ``pyproject.toml`` with a ``[tool.transcheck]`` table wins
(``.transcheck.toml`` first). Keys are kebab-case::

    [tool.transcheck]
    select = ["ALL"]                    # types, type families, rule ids or prefixes, check names
    ignore = ["style.false-friend", "calque/fr-en/on-the-occasion-of"]
    per-file-ignores = { "archive/*.md" = ["style.calque"] }
    fail-level = "warning"              # error | warning | info | never
    format = "text"                     # text | json | sarif | html
    min-confidence = 0.0
    lang = "en"                         # language of the published text, when not detected
    source-lang = "fr"                  # language it was translated from, when known
    rule-packs = ["style/house.yaml"]   # extra packs (files or directories)
    baseline = ".transcheck-baseline.json"

    [tool.transcheck.severity]          # per type or rule id; the most specific wins
    "style.calque" = "error"

    [tool.transcheck.fields]            # JSONL/CSV field names
    text = "body"
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transcheck.errors import ConfigError
from transcheck.findings import Severity

FAIL_LEVELS = ("error", "warning", "info", "never")
FORMATS = ("text", "json", "sarif", "html")
FIELD_NAMES = ("id", "text", "source_text", "source_lang", "lang", "reference_text")


@dataclass
class Settings:
    """Everything that changes what transcheck checks and reports."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_level: str = "warning"
    format: str = "text"
    min_confidence: float = 0.0
    lang: str | None = None
    source_lang: str | None = None
    encoding: str | None = None
    input_format: str | None = None
    rule_packs: tuple[str, ...] = ()
    baseline: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    detect: dict[str, Any] = field(default_factory=dict)
    translate: dict[str, Any] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)
    config_path: str | None = None

    def fingerprint(self) -> str:
        """A stable hash of what affects findings (the audit store re-checks when it changes)."""
        import hashlib
        import json

        keep = dataclasses.asdict(self)
        for key in (
            "format",
            "fail_level",
            "baseline",
            "config_path",
            "audit",
            "include",
            "exclude",
        ):
            keep.pop(key, None)
        keep["severity"] = {k: v.value for k, v in sorted(self.severity.items())}
        blob = json.dumps(keep, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _str_list(key: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.split(",")) if v]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _choice(key: str, value: Any, choices: tuple[str, ...], where: str) -> str:
    if not isinstance(value, str) or value.lower() not in choices:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(choices)} (got {value!r})")
    return value.lower()


def _opt_str(key: str, value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{key}' must be a string")
    return value


def _lang(key: str, value: Any, where: str) -> str | None:
    code = _opt_str(key, value, where)
    if code is None:
        return None
    code = code.strip().lower()
    if not code.replace("-", "").isalpha() or not 2 <= len(code) <= 8:
        raise ConfigError(f"{where}: '{key}' must be a language code such as 'en' (got {value!r})")
    return code


def _table(key: str, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table")
    return dict(value)


def _severity_map(value: Any, where: str) -> dict[str, Severity]:
    out: dict[str, Severity] = {}
    for code, level in _table("severity", value, where).items():
        try:
            out[str(code)] = Severity.parse(str(level))
        except ValueError as exc:
            raise ConfigError(f"{where}: severity for {code!r}: {exc}") from None
    return out


def _fields(value: Any, where: str) -> dict[str, str]:
    table = _table("fields", value, where)
    for name, column in table.items():
        if name not in FIELD_NAMES:
            raise ConfigError(
                f"{where}: unknown key 'fields.{name}' (expected {', '.join(FIELD_NAMES)})"
            )
        if not isinstance(column, str) or not column:
            raise ConfigError(f"{where}: 'fields.{name}' must be a non-empty string")
    return {str(k): str(v) for k, v in table.items()}


def _per_file(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    table = _table("per-file-ignores", value, where)
    return {
        str(glob): _str_list(f"per-file-ignores.{glob}", codes, where)
        for glob, codes in table.items()
    }


def _translate_table(value: Any, where: str) -> dict[str, Any]:
    """The ``[translate]`` table, checked now so a typo is an error, not a silent no-model."""
    table = _table("translate", value, where)
    from transcheck.translate.base import settings_from_mapping

    settings_from_mapping(table, f"{where} [translate]")
    return table


def _checks_table(value: Any, where: str) -> dict[str, Any]:
    """``[checks.<name>]`` tables; ``enabled`` must be true or false (names are checked
    against the registry when the checker is built)."""
    table = _table("checks", value, where)
    for name, options in table.items():
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: 'checks.{name}' must be a table")
        if "enabled" in options and not isinstance(options["enabled"], bool):
            raise ConfigError(f"{where}: 'checks.{name}.enabled' must be true or false")
    return table


def _confidence(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: 'min-confidence' must be a number between 0 and 1")
    return float(value)


# TOML key -> (Settings attribute, parser(value, where))
_PARSERS: dict[str, tuple[str, Any]] = {
    "select": ("select", lambda v, w: _str_list("select", v, w)),
    "ignore": ("ignore", lambda v, w: _str_list("ignore", v, w)),
    "severity": ("severity", _severity_map),
    "fail-level": ("fail_level", lambda v, w: _choice("fail-level", v, FAIL_LEVELS, w)),
    "format": ("format", lambda v, w: _choice("format", v, FORMATS, w)),
    "min-confidence": ("min_confidence", _confidence),
    "lang": ("lang", lambda v, w: _lang("lang", v, w)),
    "source-lang": ("source_lang", lambda v, w: _lang("source-lang", v, w)),
    "encoding": ("encoding", lambda v, w: _opt_str("encoding", v, w)),
    "input-format": ("input_format", lambda v, w: _opt_str("input-format", v, w)),
    "rule-packs": ("rule_packs", lambda v, w: _str_list("rule-packs", v, w)),
    "baseline": ("baseline", lambda v, w: _opt_str("baseline", v, w)),
    "include": ("include", lambda v, w: _str_list("include", v, w)),
    "exclude": ("exclude", lambda v, w: _str_list("exclude", v, w)),
    "fields": ("fields", _fields),
    "per-file-ignores": ("per_file_ignores", _per_file),
    "checks": ("checks", _checks_table),
    "detect": ("detect", lambda v, w: _table("detect", v, w)),
    "translate": ("translate", lambda v, w: _translate_table(v, w)),
    "audit": ("audit", lambda v, w: _table("audit", v, w)),
}


def apply(settings: Settings, values: Mapping[str, Any], where: str) -> Settings:
    """Return ``settings`` updated with ``values`` (kebab-case keys), validating each."""
    updates: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _PARSERS:
            known = ", ".join(sorted(_PARSERS))
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {known})")
        attr, parse = _PARSERS[key]
        updates[attr] = parse(value, where)
    return dataclasses.replace(settings, **updates)


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above ``start`` and its transcheck table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        dotfile = folder / ".transcheck.toml"
        if dotfile.is_file():
            return dotfile, _read_toml(dotfile)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            table = data.get("tool", {}).get("transcheck")
            if isinstance(table, dict):
                return pyproject, table
    return None


def load_config_file(path: Path) -> dict[str, Any]:
    """The transcheck table of an explicit config file (``--config``)."""
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("transcheck", {})
        return table if isinstance(table, dict) else {}
    return data


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config: str | Path | None = None,
    isolated: bool = False,
    start: Path | None = None,
) -> Settings:
    """Defaults, then the config file, then ``overrides`` (command-line values, kebab-case)."""
    settings = Settings()
    if not isolated:
        if config is not None:
            path = Path(config)
            settings = apply(settings, load_config_file(path), str(path))
            settings.config_path = str(path)
        else:
            found = find_config(start)
            if found is not None:
                path, table = found
                where = str(path) if path.name != "pyproject.toml" else f"{path} [tool.transcheck]"
                settings = apply(settings, table, where)
                settings.config_path = str(path)
                settings.rule_packs = tuple(
                    str(path.parent / p) if not Path(p).is_absolute() else p
                    for p in settings.rule_packs
                )
    if overrides:
        merged = {k: v for k, v in overrides.items() if v is not None and v != ()}
        if "severity" in merged:
            merged["severity"] = {
                **{k: v.value for k, v in settings.severity.items()},
                **merged["severity"],
            }
        if "fields" in merged:
            merged["fields"] = {**settings.fields, **merged["fields"]}
        settings = apply(settings, merged, "command line")
    return settings
