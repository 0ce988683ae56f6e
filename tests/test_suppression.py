from __future__ import annotations

from pathlib import Path

import pytest

from transcheck.config import Settings
from transcheck.errors import ConfigError
from transcheck.pipeline import Checker
from transcheck.readers import read_document

ARTICLE = "Talks ended.\n\nIts anti. -aircraft guns moved.\n\nThe the plan was ready.\n"


def _rules(path: Path, **settings: object) -> list[str]:
    result = Checker(Settings(**settings)).check(read_document(str(path)))  # type: ignore[arg-type]
    return [f.type for f in result.findings]


def test_inline_comment_ignores_the_next_paragraph(tmp_path: Path) -> None:
    page = tmp_path / "a.md"
    page.write_text(
        "Talks ended.\n\n<!-- transcheck: ignore boundary -->\n"
        "Its anti. -aircraft guns moved.\n\nHis anti. -tank guns too.\n"
    )
    assert _rules(page) == ["boundary.split-word"]  # only the second paragraph


def test_bare_ignore_and_ignore_file(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<p>Talks ended.</p><!-- transcheck: ignore --><p>The the plan. Its anti. -tank gun."
        "</p><p>More more talks.</p>"
    )
    assert _rules(page) == ["fluency.repetition"]
    page.write_text("<!-- transcheck: ignore-file fluency -->" + page.read_text())
    assert _rules(page) == []


def test_per_file_ignores(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE)
    other = tmp_path / "b.txt"
    other.write_text(ARTICLE)
    per_file = {"archive/*.txt": ("boundary",)}
    assert _rules(folder / "a.txt", per_file_ignores=per_file) == ["fluency.repetition"]
    assert sorted(_rules(other, per_file_ignores=per_file)) == [
        "boundary.split-word",
        "fluency.repetition",
    ]


def test_per_file_ignores_reject_unknown_codes() -> None:
    with pytest.raises(ConfigError, match=r"per-file-ignores '\*\.md': 'boundry' names no"):
        Checker(Settings(per_file_ignores={"*.md": ("boundry",)}))


def test_per_file_ignores_from_config(tmp_path: Path) -> None:
    from transcheck.config import load_settings

    (tmp_path / ".transcheck.toml").write_text('[per-file-ignores]\n"*.md" = ["residue"]\n')
    assert load_settings(start=tmp_path).per_file_ignores == {"*.md": ("residue",)}
    (tmp_path / ".transcheck.toml").write_text('[per-file-ignores]\n"*.md" = "residue"\n')
    assert load_settings(start=tmp_path).per_file_ignores == {"*.md": ("residue",)}
    (tmp_path / ".transcheck.toml").write_text('per-file-ignores = ["x"]\n')
    with pytest.raises(ConfigError, match="'per-file-ignores' must be a table"):
        load_settings(start=tmp_path)
