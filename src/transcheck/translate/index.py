"""Installing a package from argostranslate's package index (the only code that downloads).

argostranslate's ``get_available_packages`` retries forever when the index cannot be
fetched, and its downloads have no timeout. Here the index and the package are fetched
with a timeout and fail fast offline; the index entries are still read with
argostranslate's ``AvailablePackage``, and the download is installed through the validating
installer like any local file.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from transcheck.errors import ModelError
from transcheck.paths import user_cache_dir
from transcheck.translate.packages import (
    DEFAULT_MAX_UNCOMPRESSED,
    PackageInfo,
    install_package,
    version_key,
)

DEFAULT_TIMEOUT = 15.0
MAX_INDEX_BYTES = 16 * 1024**2
_USER_AGENT = "transcheck (ArgosTranslate index client)"


def default_index_url(packages_dir: Path) -> str:
    """argostranslate's index URL (``ARGOS_PACKAGE_INDEX`` or its built-in default)."""
    from transcheck.translate.argos import argos_package_module

    argos_package_module(packages_dir)
    import argostranslate.settings as argos_settings

    return str(argos_settings.remote_package_index)


def _open(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=timeout)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            f"cannot reach {url} ({reason}); are you offline? Download the .argosmodel "
            "file elsewhere and run `transcheck models install PATH`"
        ) from None


def fetch_index(url: str, timeout: float = DEFAULT_TIMEOUT) -> list[dict[str, Any]]:
    """The package index (a JSON list of package metadata), fetched once with a timeout."""
    with _open(url, timeout) as response:
        try:
            raw = response.read(MAX_INDEX_BYTES + 1)
        except (OSError, TimeoutError) as exc:
            raise ModelError(f"reading the package index {url} failed: {exc}") from None
    if len(raw) > MAX_INDEX_BYTES:
        raise ModelError(f"the package index at {url} is implausibly large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"the package index at {url} is not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise ModelError(f"the package index at {url} is not a list of packages")
    return [entry for entry in data if isinstance(entry, dict)]


def choose(index: list[dict[str, Any]], src: str, tgt: str, packages_dir: Path) -> Any:
    """The newest ``AvailablePackage`` for ``src -> tgt`` in the index."""
    from transcheck.translate.argos import argos_package_module

    argos_package = argos_package_module(packages_dir)
    candidates = [argos_package.AvailablePackage(entry) for entry in index]
    matches = [
        p
        for p in candidates
        if p.from_code == src and p.to_code == tgt and p.type == "translate" and p.links
    ]
    if not matches:
        from_src = sorted({p.to_code for p in candidates if p.from_code == src and p.to_code})
        also = f" (from {src} the index has: {', '.join(from_src)})" if from_src else ""
        raise ModelError(f"the package index has no {src}->{tgt} package{also}")
    return max(matches, key=lambda p: version_key(str(p.package_version)))


def download(
    links: list[str], dest: Path, timeout: float, max_bytes: int = DEFAULT_MAX_UNCOMPRESSED
) -> Path:
    """Fetch the first link that works into ``dest`` (bounded size, timeout per read)."""
    errors = []
    for url in links:
        # An index is remote data: follow only https links (file: for a local mirror).
        if not url.lower().startswith(("https://", "file:")):
            errors.append(f"{url}: not an https link, not followed")
            continue
        try:
            with _open(url, timeout) as response, open(dest, "wb") as out:
                total = 0
                while chunk := response.read(1024 * 1024):
                    total += len(chunk)
                    if total > max_bytes:
                        raise ModelError(f"{url} is larger than {max_bytes} bytes")
                    out.write(chunk)
            return dest
        except (ModelError, OSError, TimeoutError) as exc:
            errors.append(str(exc))
    dest.unlink(missing_ok=True)
    raise ModelError("download failed: " + "; ".join(errors))


def install_from_index(
    src: str,
    tgt: str,
    packages_dir: Path,
    *,
    index_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    replace: bool = False,
) -> PackageInfo:
    """Download the newest ``src -> tgt`` package listed in the index and install it
    (validated, atomically). Fails fast with a ``ModelError`` when offline."""
    url = index_url or default_index_url(packages_dir)
    package = choose(fetch_index(url, timeout), src, tgt, packages_dir)
    downloads = user_cache_dir() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="download-", dir=downloads) as tmp:
        archive = download(list(package.links), Path(tmp) / f"{src}_{tgt}.argosmodel", timeout)
        return install_package(archive, packages_dir, replace=replace)
