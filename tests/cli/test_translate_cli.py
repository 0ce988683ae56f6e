"""`transcheck translate` and `transcheck cache` end to end, through the console entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.cli import main
from transcheck.translate.packages import install_package
from transcheck.translate.testmodel import build_test_package

TEXT = "Le chat mange le pain. Le chien dort.\n\nBonjour Zorglub, merci!\n"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_package(tmp_path_factory.mktemp("models"), "fr", "en")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> Path:
    """Isolated XDG dirs with the tiny fr->en package installed in the default place."""
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.transcheck.translate]\nintra-threads = 1\n")
    install_package(tiny_model, tmp_path / "xdg_data_home" / "transcheck" / "packages")
    return tmp_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_translate_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, out, err = run(["translate", str(source), "--from", "fr", "--to", "en"], capsys)
    assert code == 0, err
    assert out == "The cat eats the bread. The dog sleeps.\n\nHello Zorglub, thanks!\n"


def test_translate_jsonl_aligned_to_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    code, _, err = run(
        ["translate", str(source), "--from", "fr", "--to", "en", "-f", "jsonl", "-o", str(output)],
        capsys,
    )
    assert code == 0, err
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["rendering"] for r in records] == [
        "The cat eats the bread.",
        "The dog sleeps.",
        "Hello Zorglub, thanks!",
    ]
    assert [r["paragraph"] for r in records] == [0, 0, 1]
    for r in records:
        assert TEXT[r["start"] : r["end"]] == r["source"]
    assert (records[2]["line"], records[2]["column"]) == (3, 1)


def test_second_run_hits_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    args = ["translate", str(source), "--from", "fr", "--to", "en"]
    first = run(args, capsys)[1]
    code, out, _ = run(["cache", "stats", "--json"], capsys)
    stats = json.loads(out)
    assert stats["entries"] == 3
    assert stats["path"] == str(tmp_path / "xdg_cache_home" / "transcheck" / "renderings.sqlite3")
    # Break the installed model: a second run must not need it.
    model_bin = next((tmp_path / "xdg_data_home").rglob("model.bin"))
    model_bin.write_bytes(b"broken")
    assert run(args, capsys)[1] == first
    code, _, err = run([*args, "--no-cache"], capsys)
    assert code == 2 and "cannot load the translation model" in err
    code, out, _ = run(["cache", "clear"], capsys)
    assert code == 0 and "removed 3" in out
    code, out, _ = run(["cache", "stats"], capsys)
    assert "entries: 0" in out


def test_missing_pair_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Hallo Welt.\n", encoding="utf-8")
    code, out, err = run(["translate", str(source), "--from", "de", "--to", "en"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("transcheck: error: no translation model for de->en installed")
    assert err.count("\n") == 1


def test_language_required(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Le chat.\n", encoding="utf-8")
    code, _, err = run(["translate", str(source), "--to", "en"], capsys)
    assert code == 2 and "give --from LANG" in err


def test_apertium_backend(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("The cat eats the bread.\n", encoding="utf-8")
    code, out, err = run(
        [
            "translate",
            str(source),
            "--from",
            "en",
            "--to",
            "es",
            "--backend",
            "apertium",
            "--no-cache",
        ],
        capsys,
    )
    assert code == 0, err
    assert out == "El gato come el pan.\n"
