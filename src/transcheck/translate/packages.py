"""Argos Translate packages (``.argosmodel``): validation, atomic install, list, remove, verify.

An ``.argosmodel`` is a zip of exactly one folder holding ``metadata.json``, a tokenizer
(``sentencepiece.model`` or ``bpe.model``) and a CTranslate2 model in ``model/``.
argostranslate's own installer runs ``extractall`` on whatever zip it is given; here every
archive is checked first (names, file types, sizes, layout, metadata), then extracted into a
staging dir beside the packages dir and moved into place with one ``rename``: a rejected or
interrupted install leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from transcheck.errors import ModelError

REQUIRED_METADATA = ("package_version", "from_code", "to_code")
TOKENIZER_FILES = ("sentencepiece.model", "bpe.model")
DEFAULT_MAX_UNCOMPRESSED = 4 * 1024**3  # real packages are 100-400 MB
DEFAULT_MAX_ENTRIES = 10_000
MAX_METADATA_BYTES = 1024**2
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})?$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class PackageInfo:
    """An installed package (or one inside an archive): its folder name and metadata."""

    name: str
    path: Path
    from_code: str
    to_code: str
    package_version: str
    argos_version: str = ""
    from_name: str = ""
    to_name: str = ""
    target_prefix: str = ""
    tokenizer: str = "sentencepiece.model"

    @property
    def pair(self) -> str:
        return f"{self.from_code}->{self.to_code}"


@dataclass(frozen=True)
class ArchiveCheck:
    """The result of validating an ``.argosmodel``: its folder, metadata and total size."""

    root: str
    metadata: dict[str, Any]
    members: tuple[zipfile.ZipInfo, ...]
    uncompressed_bytes: int


@dataclass
class VerifyResult:
    """The outcome of ``verify`` for one installed package."""

    name: str
    path: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------------------------------------
# metadata
# ---------------------------------------------------------------------------------------------


def parse_metadata(raw: bytes, where: str) -> dict[str, Any]:
    """Decode and check ``metadata.json`` content; ``where`` names it in error messages."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{where}: metadata.json is not valid UTF-8 JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{where}: metadata.json must hold a JSON object")
    missing = [key for key in REQUIRED_METADATA if not isinstance(data.get(key), str | int | float)]
    if missing:
        raise ModelError(f"{where}: metadata.json lacks required field(s): {', '.join(missing)}")
    for key in ("from_code", "to_code"):
        if not isinstance(data[key], str) or not _LANG_CODE.match(data[key]):
            raise ModelError(f"{where}: metadata.json {key} {data[key]!r} is not a language code")
    kind = data.get("type", "translate")
    if kind != "translate":
        raise ModelError(f"{where}: package type {kind!r} is not a translation package")
    prefix = data.get("target_prefix", "")
    if not isinstance(prefix, str):
        raise ModelError(f"{where}: metadata.json target_prefix must be a string")
    return data


def _info_from_metadata(name: str, path: Path, meta: dict[str, Any], tokenizer: str) -> PackageInfo:
    return PackageInfo(
        name=name,
        path=path,
        from_code=str(meta["from_code"]),
        to_code=str(meta["to_code"]),
        package_version=str(meta["package_version"]),
        argos_version=str(meta.get("argos_version", "")),
        from_name=str(meta.get("from_name", "")),
        to_name=str(meta.get("to_name", "")),
        target_prefix=str(meta.get("target_prefix", "")),
        tokenizer=tokenizer,
    )


def read_package(path: Path) -> PackageInfo:
    """Read an installed package folder; ``ModelError`` when it is not a usable package."""
    meta_path = path / "metadata.json"
    try:
        raw = meta_path.read_bytes()
    except OSError:
        raise ModelError(f"{path}: no readable metadata.json") from None
    meta = parse_metadata(raw, str(path))
    tokenizer = next((t for t in TOKENIZER_FILES if (path / t).is_file()), None)
    if tokenizer is None:
        raise ModelError(f"{path}: no tokenizer ({' or '.join(TOKENIZER_FILES)})")
    if not (path / "model" / "model.bin").is_file():
        raise ModelError(f"{path}: no CTranslate2 model (model/model.bin)")
    return _info_from_metadata(path.name, path, meta, tokenizer)


# ---------------------------------------------------------------------------------------------
# archive validation
# ---------------------------------------------------------------------------------------------


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip entry is unsafe to extract, or ``None``."""
    name = info.filename
    if "\x00" in name or "\\" in name:
        return f"entry {name!r} has a backslash or NUL in its name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return f"entry {name!r} is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return f"entry {name!r} leaves the package folder (..)"
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        return f"entry {name!r} is a symbolic link"
    # Zips written on other systems often carry no Unix mode at all (kind 0): plain entries.
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return f"entry {name!r} is not a regular file or folder"
    if info.flag_bits & 0x1:
        return f"entry {name!r} is encrypted"
    return None


def validate_archive(
    archive: Path,
    *,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> ArchiveCheck:
    """Check an ``.argosmodel`` without extracting anything; ``ModelError`` says what is wrong.

    Refused: not a zip; absolute names, ``..``, symlinks and special files; more than one
    top-level entry or no folder; missing or invalid ``metadata.json``; no ``model/model.bin``
    or tokenizer; more than ``max_entries`` entries or ``max_uncompressed`` bytes declared.
    """
    where = str(archive)
    if not archive.is_file():
        raise ModelError(f"{where}: no such package file")
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{where}: not a valid .argosmodel (zip) file ({exc})") from None
    with zf:
        members = zf.infolist()
        if not members:
            raise ModelError(f"{where}: the archive is empty")
        if len(members) > max_entries:
            raise ModelError(f"{where}: too many entries ({len(members)} > {max_entries})")
        seen: set[str] = set()
        roots: set[str] = set()
        total = 0
        for info in members:
            problem = _member_problem(info)
            if problem:
                raise ModelError(f"{where}: {problem}")
            clean = info.filename.rstrip("/")
            if clean in seen:
                raise ModelError(f"{where}: entry {clean!r} appears twice")
            seen.add(clean)
            parts = PurePosixPath(clean).parts
            if not parts or parts[0] in (".", ""):
                raise ModelError(f"{where}: entry {info.filename!r} has an empty name")
            roots.add(parts[0])
            if len(parts) == 1 and not info.is_dir():
                raise ModelError(
                    f"{where}: file {clean!r} is at the top level; a package is one folder"
                )
            total += info.file_size
            if total > max_uncompressed:
                raise ModelError(
                    f"{where}: uncompressed size exceeds the limit of {max_uncompressed} bytes"
                )
        if len(roots) != 1:
            raise ModelError(
                f"{where}: a package holds exactly one top-level folder, found {len(roots)}: "
                + ", ".join(sorted(roots)[:5])
            )
        root = roots.pop()
        if not _SAFE_NAME.match(root):
            raise ModelError(f"{where}: package folder name {root!r} is not a plain name")
        meta_info = _find(members, f"{root}/metadata.json")
        if meta_info is None:
            raise ModelError(f"{where}: no {root}/metadata.json")
        if meta_info.file_size > MAX_METADATA_BYTES:
            raise ModelError(f"{where}: metadata.json is too large")
        try:
            raw = zf.read(meta_info)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ModelError(f"{where}: cannot read metadata.json ({exc})") from None
        metadata = parse_metadata(raw, where)
        if _find(members, f"{root}/model/model.bin") is None:
            raise ModelError(f"{where}: no CTranslate2 model ({root}/model/model.bin)")
        if not any(_find(members, f"{root}/{t}") for t in TOKENIZER_FILES):
            raise ModelError(f"{where}: no tokenizer ({' or '.join(TOKENIZER_FILES)})")
    return ArchiveCheck(root, metadata, tuple(members), total)


def _find(members: list[zipfile.ZipInfo], name: str) -> zipfile.ZipInfo | None:
    return next((m for m in members if m.filename == name and not m.is_dir()), None)


# ---------------------------------------------------------------------------------------------
# install / list / remove
# ---------------------------------------------------------------------------------------------


def _staging_dir(packages_dir: Path) -> Path:
    """A hidden dir beside ``packages_dir`` (same file system, so ``rename`` is atomic).

    Beside, not inside: argostranslate treats every folder in the packages dir as a package.
    """
    return packages_dir.parent / f".{packages_dir.name}.staging"


def _extract(zf: zipfile.ZipFile, check: ArchiveCheck, dest: Path, budget: int) -> None:
    """Extract the validated members under ``dest``, counting real bytes (sizes can lie)."""
    written = 0
    for info in check.members:
        target = dest.joinpath(*PurePosixPath(info.filename.rstrip("/")).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(target, "xb") as out:
            declared = info.file_size
            copied = 0
            while chunk := src.read(_CHUNK):
                copied += len(chunk)
                written += len(chunk)
                if copied > declared or written > budget:
                    raise ModelError(
                        f"entry {info.filename!r} expands beyond its declared size (zip bomb?)"
                    )
                out.write(chunk)
        os.chmod(target, 0o644)


def install_package(
    archive: Path,
    packages_dir: Path,
    *,
    replace: bool = False,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
) -> PackageInfo:
    """Validate ``archive`` and install it into ``packages_dir`` atomically.

    With ``replace``, an installed package of the same folder name is swapped out; otherwise
    that is an error. On any error nothing is left in ``packages_dir``.
    """
    archive = Path(archive)
    check = validate_archive(archive, max_uncompressed=max_uncompressed)
    final = packages_dir / check.root
    if final.exists() and not replace:
        raise ModelError(
            f"package {check.root} is already installed in {packages_dir} "
            "(remove it first, or install with --force)"
        )
    staging_root = _staging_dir(packages_dir)
    staging_root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="install-", dir=staging_root))
    try:
        try:
            with zipfile.ZipFile(archive) as zf:
                _extract(zf, check, stage, max_uncompressed)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ModelError(f"{archive}: cannot extract ({exc})") from None
        info = read_package(stage / check.root)
        packages_dir.mkdir(parents=True, exist_ok=True)
        if final.exists():
            # Move the old one aside first: os.rename will not replace a non-empty dir.
            os.rename(final, stage / ".replaced")
        try:
            os.rename(stage / check.root, final)
        except OSError as exc:
            if (stage / ".replaced").exists() and not final.exists():
                os.rename(stage / ".replaced", final)  # put the old package back
            raise ModelError(f"cannot install {check.root} into {packages_dir}: {exc}") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        _remove_if_empty(staging_root)
    return _info_from_metadata(info.name, final, check.metadata, info.tokenizer)


def _remove_if_empty(path: Path) -> None:
    # OSError: another install is using it, or it does not exist
    with contextlib.suppress(OSError):
        path.rmdir()


def list_packages(packages_dir: Path) -> tuple[list[PackageInfo], list[tuple[Path, str]]]:
    """Installed packages (sorted by pair, then version) and the folders that are broken."""
    good: list[PackageInfo] = []
    broken: list[tuple[Path, str]] = []
    if not packages_dir.is_dir():
        return good, broken
    for child in sorted(packages_dir.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            good.append(read_package(child))
        except ModelError as exc:
            broken.append((child, str(exc)))
    good.sort(key=lambda p: (p.from_code, p.to_code, version_key(p.package_version), p.name))
    return good, broken


def version_key(version: str) -> tuple[Any, ...]:
    parts = re.split(r"[._-]", version)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def find_package(packages_dir: Path, src: str, tgt: str) -> PackageInfo | None:
    """The installed package for ``src -> tgt`` with the highest version, if any."""
    good, _ = list_packages(packages_dir)
    matches = [p for p in good if p.from_code == src and p.to_code == tgt]
    return matches[-1] if matches else None


def installed_pairs(packages_dir: Path) -> set[tuple[str, str]]:
    """The ``(from, to)`` pairs of the usable installed packages."""
    good, _ = list_packages(packages_dir)
    return {(p.from_code, p.to_code) for p in good}


def resolve_installed(packages_dir: Path, spec: str) -> list[Path]:
    """Folders matching ``spec``: a folder name, or a pair written ``fr-en`` / ``fr_en``."""
    if not _SAFE_NAME.match(spec):
        raise ModelError(f"{spec!r} is neither a package name nor a language pair")
    direct = packages_dir / spec
    if direct.is_dir():
        return [direct]
    pair = re.fullmatch(r"([a-z]{2,3})[-_]([a-z]{2,3})", spec)
    good, _ = list_packages(packages_dir)
    if pair:
        src, tgt = pair.groups()
        found = [p.path for p in good if (p.from_code, p.to_code) == (src, tgt)]
        if found:
            return found
    names = ", ".join(p.name for p in good) or "none"
    raise ModelError(f"no installed package matches {spec!r} (installed: {names})")


def remove_package(packages_dir: Path, spec: str) -> list[Path]:
    """Remove the package(s) matching ``spec`` (see :func:`resolve_installed`).

    Each folder is first renamed out of the packages dir, so readers never see half of it.
    """
    removed = []
    for path in resolve_installed(packages_dir, spec):
        staging_root = _staging_dir(packages_dir)
        staging_root.mkdir(exist_ok=True)
        trash = Path(tempfile.mkdtemp(prefix="remove-", dir=staging_root))
        try:
            os.rename(path, trash / path.name)
        finally:
            shutil.rmtree(trash, ignore_errors=True)
            _remove_if_empty(staging_root)
        removed.append(path)
    return removed


# ---------------------------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------------------------


def verify_package(path: Path, *, load_model: bool = True) -> VerifyResult:
    """Check an installed package: metadata, tokenizer, model files, and (``load_model``)
    that the tokenizer loads, CTranslate2 loads the model and translates a probe sentence,
    and that argostranslate itself accepts the folder."""
    result = VerifyResult(path.name, path)
    try:
        info = read_package(path)
    except ModelError as exc:
        result.problems.append(str(exc))
        return result
    for name in ("config.json", "model.bin"):
        if not (path / "model" / name).is_file():
            result.problems.append(f"model/{name} is missing")
    vocab = list((path / "model").glob("*vocabulary*"))
    if not vocab:
        result.problems.append("model/ has no vocabulary file")
    if result.problems or not load_model:
        return result
    try:
        from transcheck.translate.argos import load_runner

        runner = load_runner(info, beam_size=1, intra_threads=1)
        out = runner.translate(["Test."], beam_size=1)
        if len(out) != 1:
            result.problems.append("the model did not return one rendering for one sentence")
    except ModelError as exc:
        result.problems.append(str(exc))
    except Exception as exc:  # any loader failure is a verdict on the package, not a crash
        result.problems.append(f"cannot load the model: {type(exc).__name__}: {exc}")
    try:
        from transcheck.translate.argos import argos_package_module

        argos_package_module(path.parent).Package(path)
    except Exception as exc:
        result.problems.append(f"argostranslate cannot read the package: {exc}")
    return result


def verify_packages(
    packages_dir: Path, names: list[str] | None = None, *, load_model: bool = True
) -> list[VerifyResult]:
    """Verify the named packages (all installed ones when ``names`` is empty)."""
    if names:
        paths = [p for spec in names for p in resolve_installed(packages_dir, spec)]
    elif packages_dir.is_dir():
        paths = sorted(
            p for p in packages_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
    else:
        paths = []
    return [verify_package(p, load_model=load_model) for p in paths]
