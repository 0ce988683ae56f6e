from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from transcheck.errors import ModelError
from transcheck.translate.packages import (
    find_package,
    install_package,
    list_packages,
    remove_package,
    validate_archive,
    verify_packages,
)

ROOT = "translate-fr_en-1_0"


def _entries(archive: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(archive) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _rezip(
    source: Path,
    out: Path,
    *,
    drop: Callable[[str], bool] = lambda name: False,
    extra: Sequence[tuple[zipfile.ZipInfo | str, bytes]] = (),
    replace: dict[str, bytes] | None = None,
) -> Path:
    """A copy of a valid package with entries dropped, replaced or added."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in _entries(source):
            if drop(info.filename):
                continue
            zf.writestr(info, (replace or {}).get(info.filename, data))
        for name, data in extra:
            zf.writestr(name, data)
    return out


def _assert_nothing_written(packages_dir: Path) -> None:
    assert not packages_dir.exists() or not any(packages_dir.iterdir())
    staging = packages_dir.parent / f".{packages_dir.name}.staging"
    assert not staging.exists()


def test_install_list_find_remove(model_files: dict[str, Path], packages_dir: Path) -> None:
    info = install_package(model_files["fr_en"], packages_dir)
    assert info.name == ROOT and info.path == packages_dir / ROOT
    assert (packages_dir / ROOT / "model" / "model.bin").is_file()
    assert not (packages_dir.parent / f".{packages_dir.name}.staging").exists()
    good, broken = list_packages(packages_dir)
    assert [p.name for p in good] == [ROOT] and broken == []
    found = find_package(packages_dir, "fr", "en")
    assert found is not None and found.package_version == "1.0"
    assert find_package(packages_dir, "en", "fr") is None
    assert remove_package(packages_dir, "fr-en") == [packages_dir / ROOT]
    assert list_packages(packages_dir) == ([], [])


def test_highest_version_wins(model_files: dict[str, Path], packages_dir: Path) -> None:
    install_package(model_files["fr_en"], packages_dir)
    install_package(model_files["fr_en_prefix"], packages_dir)
    found = find_package(packages_dir, "fr", "en")
    assert found is not None and found.name == "translate-fr_en-2_0"
    assert found.target_prefix == "__en__"


def test_reinstall_needs_replace(model_files: dict[str, Path], packages_dir: Path) -> None:
    install_package(model_files["fr_en"], packages_dir)
    marker = packages_dir / ROOT / "marker"
    marker.write_text("old")
    with pytest.raises(ModelError, match="already installed"):
        install_package(model_files["fr_en"], packages_dir)
    assert marker.exists()
    install_package(model_files["fr_en"], packages_dir, replace=True)
    assert not marker.exists()
    assert (packages_dir / ROOT / "metadata.json").is_file()


def test_remove_unknown_package_is_an_error(packages_dir: Path) -> None:
    with pytest.raises(ModelError, match="no installed package matches 'de-en'"):
        remove_package(packages_dir, "de-en")
    with pytest.raises(ModelError, match="neither a package name"):
        remove_package(packages_dir, "../etc")


def test_zip_slip_refused(model_files: dict[str, Path], tmp_path: Path, packages_dir: Path) -> None:
    bad = _rezip(
        model_files["fr_en"],
        tmp_path / "slip.argosmodel",
        extra=[(f"{ROOT}/../../evil.txt", b"pwned")],
    )
    with pytest.raises(ModelError, match=r"leaves the package folder \(\.\.\)"):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)
    assert not (tmp_path / "evil.txt").exists()


def test_absolute_path_refused(
    model_files: dict[str, Path], tmp_path: Path, packages_dir: Path
) -> None:
    info = zipfile.ZipInfo("placeholder")
    info.filename = "/tmp/evil.txt"  # ZipInfo() strips a leading slash; set it afterwards
    bad = _rezip(model_files["fr_en"], tmp_path / "abs.argosmodel", extra=[(info, b"x")])
    with pytest.raises(ModelError, match="absolute path"):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)


def test_symlink_refused(model_files: dict[str, Path], tmp_path: Path, packages_dir: Path) -> None:
    link = zipfile.ZipInfo(f"{ROOT}/model/escape")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _rezip(model_files["fr_en"], tmp_path / "link.argosmodel", extra=[(link, b"/etc/passwd")])
    with pytest.raises(ModelError, match="symbolic link"):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)


def test_zip_bomb_refused(model_files: dict[str, Path], tmp_path: Path, packages_dir: Path) -> None:
    bomb = _rezip(
        model_files["fr_en"],
        tmp_path / "bomb.argosmodel",
        extra=[(f"{ROOT}/model/padding.bin", bytes(8 * 1024 * 1024))],
    )
    assert bomb.stat().st_size < 1024 * 1024  # 8 MB of zeros compress to almost nothing
    with pytest.raises(ModelError, match="uncompressed size exceeds the limit"):
        install_package(bomb, packages_dir, max_uncompressed=4 * 1024 * 1024)
    _assert_nothing_written(packages_dir)


def test_size_lie_caught_while_extracting(
    model_files: dict[str, Path], tmp_path: Path, packages_dir: Path
) -> None:
    """An entry whose headers declare fewer bytes than it holds: extraction stops."""
    payload = b"A" * 100_000
    archive = _rezip(
        model_files["fr_en"],
        tmp_path / "lie.argosmodel",
        extra=[(f"{ROOT}/model/lie.bin", payload)],
    )
    data = bytearray(archive.read_bytes())
    name = f"{ROOT}/model/lie.bin".encode()
    # Patch the uncompressed size (local header offset 22, central directory offset 24).
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(signature)
        while pos != -1:
            name_at = pos + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[pos + size_at : pos + size_at + 4] = (10).to_bytes(4, "little")
            pos = data.find(signature, pos + 4)
    archive.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"expands beyond its declared size|cannot extract"):
        install_package(archive, packages_dir)
    _assert_nothing_written(packages_dir)


def test_missing_metadata_refused(
    model_files: dict[str, Path], tmp_path: Path, packages_dir: Path
) -> None:
    bad = _rezip(
        model_files["fr_en"],
        tmp_path / "nometa.argosmodel",
        drop=lambda n: n.endswith("metadata.json"),
    )
    with pytest.raises(ModelError, match=r"no translate-fr_en-1_0/metadata\.json"):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid UTF-8 JSON"),
        (b"[1, 2]", "must hold a JSON object"),
        (json.dumps({"from_code": "fr", "to_code": "en"}).encode(), "package_version"),
        (
            json.dumps({"package_version": "1", "from_code": "../x", "to_code": "en"}).encode(),
            "not a language code",
        ),
        (
            json.dumps(
                {"package_version": "1", "from_code": "fr", "to_code": "en", "type": "sbd"}
            ).encode(),
            "not a translation package",
        ),
    ],
)
def test_bad_metadata_refused(
    model_files: dict[str, Path], tmp_path: Path, packages_dir: Path, content: bytes, message: str
) -> None:
    bad = _rezip(
        model_files["fr_en"],
        tmp_path / "badmeta.argosmodel",
        replace={f"{ROOT}/metadata.json": content},
    )
    with pytest.raises(ModelError, match=message):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)


@pytest.mark.parametrize(
    ("drop", "extra", "message"),
    [
        (lambda n: "/model/" in n, [], "no CTranslate2 model"),
        (lambda n: n.endswith("sentencepiece.model"), [], "no tokenizer"),
        (lambda n: False, [("other/readme.txt", b"x")], "exactly one top-level folder"),
        (lambda n: False, [("stray.txt", b"x")], "at the top level"),
    ],
)
def test_bad_layout_refused(
    model_files: dict[str, Path],
    tmp_path: Path,
    packages_dir: Path,
    drop: Callable[[str], bool],
    extra: list[tuple[str, bytes]],
    message: str,
) -> None:
    bad = _rezip(model_files["fr_en"], tmp_path / "layout.argosmodel", drop=drop, extra=extra)
    with pytest.raises(ModelError, match=message):
        install_package(bad, packages_dir)
    _assert_nothing_written(packages_dir)


def test_not_a_zip_refused(tmp_path: Path, packages_dir: Path) -> None:
    junk = tmp_path / "junk.argosmodel"
    junk.write_bytes(b"this is not a zip file")
    with pytest.raises(ModelError, match=r"not a valid \.argosmodel"):
        install_package(junk, packages_dir)
    with pytest.raises(ModelError, match="no such package file"):
        validate_archive(tmp_path / "missing.argosmodel")
    _assert_nothing_written(packages_dir)


def test_broken_folder_is_listed_not_fatal(fr_en: Path) -> None:
    (fr_en / "leftover").mkdir()
    good, broken = list_packages(fr_en)
    assert [p.name for p in good] == [ROOT]
    assert [p.name for p, _ in broken] == ["leftover"]


def test_verify_loads_and_translates(fr_en: Path) -> None:
    (results,) = verify_packages(fr_en)
    assert results.ok, results.problems


def test_verify_reports_damage(fr_en: Path) -> None:
    (fr_en / ROOT / "model" / "model.bin").write_bytes(b"garbage")
    (result,) = verify_packages(fr_en, [ROOT])
    assert not result.ok
    assert any("cannot load" in p for p in result.problems)
    (fr_en / ROOT / "sentencepiece.model").unlink()
    (result,) = verify_packages(fr_en, load_model=False)
    assert result.problems == [f"{fr_en / ROOT}: no tokenizer (sentencepiece.model or bpe.model)"]
