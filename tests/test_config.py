from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.config import load_settings
from transcheck.errors import ConfigError
from transcheck.findings import Severity


def test_defaults_without_config(tmp_path: Path) -> None:
    s = load_settings(start=tmp_path, isolated=True)
    assert s.select == ("ALL",)
    assert s.fail_level == "warning"
    assert s.format == "text"


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.transcheck]\nfail-level = "error"\nignore = ["residue"]\n'
        '[tool.transcheck.severity]\n"style.calque" = "error"\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    s = load_settings(start=sub)
    assert s.fail_level == "error"
    assert s.ignore == ("residue",)
    assert s.severity == {"style.calque": Severity.ERROR}
    assert s.config_path == str(tmp_path / "pyproject.toml")


def test_dotfile_wins_over_pyproject_in_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.transcheck]\nformat = "json"\n')
    (tmp_path / ".transcheck.toml").write_text('format = "sarif"\n')
    assert load_settings(start=tmp_path).format == "sarif"


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.transcheck]\nformat = "json"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_settings(start=inner).format == "json"


def test_cli_overrides_file(tmp_path: Path) -> None:
    (tmp_path / ".transcheck.toml").write_text(
        'fail-level = "error"\n[severity]\nresidue = "info"\n'
    )
    s = load_settings({"fail-level": "info", "severity": {"boundary": "error"}}, start=tmp_path)
    assert s.fail_level == "info"
    assert s.severity == {"residue": Severity.INFO, "boundary": Severity.ERROR}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('fial-level = "error"\n', "unknown key 'fial-level'"),
        ('fail-level = "loud"\n', "'fail-level' must be one of"),
        ("min-confidence = 2\n", "'min-confidence' must be a number between 0 and 1"),
        ('select = "residue"\nignore = 3\n', "'ignore' must be a list of strings"),
        ('[severity]\n"style.calque" = "fatal"\n', "severity for 'style.calque'"),
        ('[fields]\nbody = "text"\n', "unknown key 'fields.body'"),
        ("format = [", "invalid TOML"),
    ],
)
def test_bad_config_is_a_clear_error_naming_the_key(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / ".transcheck.toml").write_text(content)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")) as exc:
        load_settings(start=tmp_path)
    assert ".transcheck.toml" in str(exc.value)
    assert "\n" not in str(exc.value)


def test_relative_rule_packs_resolve_against_config_dir(tmp_path: Path) -> None:
    (tmp_path / ".transcheck.toml").write_text('rule-packs = ["house.yaml"]\n')
    sub = tmp_path / "docs"
    sub.mkdir()
    assert load_settings(start=sub).rule_packs == (str(tmp_path / "house.yaml"),)


def test_settings_fingerprint_tracks_what_changes_findings() -> None:
    a = load_settings(isolated=True)
    b = load_settings({"format": "json", "fail-level": "error"}, isolated=True)
    c = load_settings({"ignore": ["residue"]}, isolated=True)
    assert a.fingerprint() == b.fingerprint()
    assert a.fingerprint() != c.fingerprint()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[translate]\nbogus = 1\n", "unknown key 'bogus'"),
        ('[translate]\nbeam-size = "x"\n', "beam-size must be an integer"),
        ('[checks.repetition]\nenabled = "no"\n', "'checks.repetition.enabled' must be true"),
    ],
)
def test_sub_tables_are_checked(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / ".transcheck.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(start=tmp_path)


def test_unknown_check_name_in_checks_table() -> None:
    from transcheck.config import Settings
    from transcheck.pipeline import Checker

    with pytest.raises(ConfigError, match="no check named 'repetiton'"):
        Checker(Settings(checks={"repetiton": {"enabled": False}}))
    quiet = Checker(Settings(checks={"repetition": {"enabled": False}}))
    assert "repetition" not in [c.name for c in quiet.checks]
