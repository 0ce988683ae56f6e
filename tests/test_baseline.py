from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.baseline import BaselineFilter, fingerprint, read_baseline, write_baseline
from transcheck.config import Settings
from transcheck.document import Document
from transcheck.errors import ConfigError
from transcheck.pipeline import Checker


def _prints(text: str, doc_id: str = "a.txt") -> list[str]:
    result = Checker(Settings()).check(Document(text=text, id=doc_id))
    return [fingerprint(result.document, f) for f in result.findings]


BODY = "Talks went on.\n\nHelp for its satellite program. -spies. More talks.\n\nsource site-9\n"


def test_fingerprints_survive_unrelated_edits_elsewhere() -> None:
    before = _prints(BODY)
    edited = "A new first paragraph was added.\n\n" + BODY.replace("went on", "went on and on")
    assert len(before) == 2
    assert _prints(edited) == before


def test_fingerprint_depends_on_document_and_text() -> None:
    assert _prints(BODY, "a.txt") != _prints(BODY, "b.txt")
    assert _prints(BODY) != _prints(BODY.replace("program. -spies", "plan. -spies"))


def test_baseline_round_trip_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(path, ["x", "x", "y"]) == 3
    counts = read_baseline(path)
    assert counts == {"x": 2, "y": 1}
    flt = BaselineFilter(counts)
    assert [flt.is_known(p) for p in ["x", "x", "x", "y", "z"]] == [True, True, False, True, False]


@pytest.mark.parametrize("content", ["{", "[]", '{"transcheck_baseline": 9}', "\xff"])
def test_bad_baseline_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="latin-1")
    with pytest.raises(ConfigError, match="not a transcheck baseline"):
        read_baseline(path)


def test_missing_baseline(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="baseline file not found"):
        read_baseline(tmp_path / "nope.json")


def test_baseline_matches_whatever_form_the_path_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcheck.cli import main

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    baseline = tmp_path / "baseline.json"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["check", "--isolated", "--write-baseline", str(baseline), "d/a.txt"])
    assert exc.value.code == 0
    for cwd, path in (
        (tmp_path, "./d/a.txt"),
        (tmp_path, str(folder / "a.txt")),
        (folder, "a.txt"),
    ):
        monkeypatch.chdir(cwd)
        with pytest.raises(SystemExit) as exc:
            main(["check", "--isolated", "--baseline", str(baseline), path])
        assert exc.value.code == 0, path


def test_api_baseline_gives_the_same_answer_every_call(tmp_path: Path) -> None:
    from transcheck import check_text

    baseline = tmp_path / "b.json"
    first = Checker(Settings()).check(Document(text=BODY, id="<text>"))
    write_baseline(baseline, first.fingerprints)
    for _ in range(3):
        assert check_text(BODY, baseline=str(baseline)) == []
