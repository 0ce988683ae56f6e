"""`transcheck models` end to end, through the console entry point."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from transcheck.cli import main
from transcheck.translate.testmodel import build_test_package


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_package(tmp_path_factory.mktemp("models"), "fr", "en")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing reaches the real home: packages land under the tmp XDG data dir."""
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_install_list_verify_remove(
    tiny_model: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packages = home / "xdg_data_home" / "transcheck" / "packages"
    code, out, _ = run(["models", "install", str(tiny_model)], capsys)
    assert code == 0
    assert f"installed translate-fr_en-1_0 (fr->en, version 1.0) in {packages}" in out
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0 and "fr->en" in out and "translate-fr_en-1_0" in out
    code, out, _ = run(["models", "list", "--json"], capsys)
    assert json.loads(out)["packages"][0]["name"] == "translate-fr_en-1_0"
    code, out, _ = run(["models", "verify"], capsys)
    assert code == 0 and out.startswith("ok ")
    code, out, err = run(["models", "install", str(tiny_model)], capsys)
    assert code == 2 and "already installed" in err
    assert run(["models", "install", "--force", str(tiny_model)], capsys)[0] == 0
    code, out, _ = run(["models", "remove", "fr-en"], capsys)
    assert code == 0 and "removed translate-fr_en-1_0" in out
    assert not any(packages.iterdir())


def test_verify_exit_status_on_broken_package(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packages = tmp_path / "p"
    run(["models", "install", "--packages-dir", str(packages), str(tiny_model)], capsys)
    (packages / "translate-fr_en-1_0" / "model" / "model.bin").write_bytes(b"broken")
    code, out, _ = run(["models", "verify", "--packages-dir", str(packages)], capsys)
    assert code == 1 and "BROKEN translate-fr_en-1_0" in out


def test_symlink_package_refused_one_line(
    tiny_model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.argosmodel"
    with zipfile.ZipFile(tiny_model) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        link = zipfile.ZipInfo("translate-fr_en-1_0/model/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        dst.writestr(link, "/etc/passwd")
    packages = tmp_path / "p"
    code, _, err = run(["models", "install", "--packages-dir", str(packages), str(bad)], capsys)
    assert code == 2
    assert err.startswith("transcheck: error: ") and "symbolic link" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not packages.exists()


def test_install_needs_exactly_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["models", "install"], capsys)
    assert code == 2 and "either PATH or --from-index" in err


def test_from_index_offline_fails_fast(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # argostranslate appends index.json to ARGOS_PACKAGE_INDEX; loopback port 9 is closed.
    import argostranslate.settings as argos_settings

    monkeypatch.setattr(argos_settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    code, _, err = run(["models", "install", "--from-index", "fr", "en", "--timeout", "2"], capsys)
    assert code == 2 and "cannot reach http://127.0.0.1:9/index.json" in err


def test_list_when_empty(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["models", "list"], capsys)
    assert code == 0 and "none (install one" in out
