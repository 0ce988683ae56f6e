"""``transcheck detect`` end to end through the command line."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from transcheck.cli import main

TEXT = (
    "The minister said the plan was ready. Officials added nous restons ouverts au dialogue "
    "but gave no details.\n\n"
    "M. Dupont arrived in Pékin on Monday . He said : « this is a good day » and left.\n"
)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run ``transcheck detect ARGS``; return (exit code, stdout, stderr)."""

    def invoke(*args: str, input: str | None = None, isolated: bool = True) -> tuple[int, str, str]:
        if input is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(input.encode())))
        argv = ["detect", *(["--isolated"] if isolated else []), *args]
        with pytest.raises(SystemExit) as exc:
            main(argv)
        out, err = capsys.readouterr()
        code = exc.value.code
        return (code if isinstance(code, int) else 0), out, err

    return invoke


def test_text_output(run: Runner, story: Path) -> None:
    code, out, _ = run(str(story))
    assert code == 0
    assert out.startswith(f"{story}: en (")
    assert "likely source: fr" in out
    assert "mixed-language spans:" in out
    assert "1:" in out and "fr" in out


def test_json_output(run: Runner, story: Path) -> None:
    code, out, _ = run(str(story), "--format", "json")
    assert code == 0
    data = json.loads(out)
    (doc,) = data["documents"]
    assert doc["lang"] == "en"
    assert doc["source"]["lang"] == "fr"
    (span,) = doc["spans"]
    assert span["lang"] == "fr" and span["line"] == 1
    assert TEXT[span["start"] : span["end"]] == span["text"]
    assert data["failures"] == []


def test_output_file_backend_and_candidates(run: Runner, story: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, _, _ = run(
        str(story),
        "-f",
        "json",
        "-o",
        str(target),
        "--backend",
        "langdetect",
        "--candidates",
        "en,fr",
    )
    assert code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))["documents"][0]
    assert doc["backend"] == "langdetect"
    assert {s["lang"] for s in doc["scores"]} <= {"en", "fr"}


def test_stdin_and_empty_input(run: Runner) -> None:
    code, out, _ = run("-", input="")
    assert code == 0
    assert "unknown" in out


def test_jsonl_archive(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {"id": "1", "text": "Das ist ein Satz auf Deutsch."},
        {"id": "2", "text": "Questa è una frase in italiano."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(str(path), "-f", "json")
    assert code == 0
    docs = json.loads(out)["documents"]
    assert [d["lang"] for d in docs] == ["de", "it"]


def test_mis_encoded_file(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("caf\x82 au lait \x85\x93 and more text here.", encoding="utf-8")
    code, out, _ = run(str(path))
    assert code == 0
    assert out.startswith(f"{path}: en")


def test_errors_exit_2(run: Runner, story: Path) -> None:
    code, _, err = run(str(story), "--candidates", "e1")
    assert code == 2 and "not a language code" in err
    code, _, _ = run(str(story), "--backend", "nope")
    assert code == 2
    code, _, _ = run()
    assert code == 2


def test_backend_from_config(run: Runner, story: Path, tmp_path: Path) -> None:
    config = tmp_path / ".transcheck.toml"
    config.write_text('[detect]\nbackend = "cld2"\n', encoding="utf-8")
    code, out, _ = run("--config", str(config), str(story), "-f", "json", isolated=False)
    assert code == 0
    assert json.loads(out)["documents"][0]["backend"] == "cld2"
    config.write_text('[detect]\nbackend = "nope"\n', encoding="utf-8")
    code, _, err = run("--config", str(config), str(story), isolated=False)
    assert code == 2 and "unknown language detector" in err
