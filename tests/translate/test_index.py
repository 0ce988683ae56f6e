from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcheck.errors import ModelError
from transcheck.translate.index import install_from_index
from transcheck.translate.packages import find_package


def _index(tmp_path: Path, entries: list[dict[str, object]]) -> str:
    path = tmp_path / "index.json"
    path.write_text(json.dumps(entries))
    return path.as_uri()


def test_install_from_local_index(
    model_files: dict[str, Path], tmp_path: Path, packages_dir: Path
) -> None:
    url = _index(
        tmp_path,
        [
            {
                "type": "translate",
                "from_code": "fr",
                "to_code": "en",
                "package_version": "1.0",
                "links": [model_files["fr_en"].as_uri()],
            },
            {
                "type": "translate",
                "from_code": "fr",
                "to_code": "en",
                "package_version": "0.9",
                "links": ["file:///nonexistent.argosmodel"],
            },
        ],
    )
    info = install_from_index("fr", "en", packages_dir, index_url=url, timeout=5)
    assert info.name == "translate-fr_en-1_0"
    assert find_package(packages_dir, "fr", "en") is not None


def test_pair_not_in_index(tmp_path: Path, packages_dir: Path) -> None:
    url = _index(
        tmp_path,
        [
            {
                "type": "translate",
                "from_code": "fr",
                "to_code": "de",
                "package_version": "1.0",
                "links": ["file:///x"],
            }
        ],
    )
    with pytest.raises(ModelError, match=r"no fr->en package \(from fr the index has: de\)"):
        install_from_index("fr", "en", packages_dir, index_url=url)


def test_unreachable_index_fails_fast(packages_dir: Path) -> None:
    # Port 9 (discard) on loopback is closed: the connection is refused, no network involved.
    with pytest.raises(ModelError, match=r"cannot reach http://127\.0\.0\.1:9/index\.json"):
        install_from_index(
            "fr", "en", packages_dir, index_url="http://127.0.0.1:9/index.json", timeout=2
        )
    assert not packages_dir.exists()


def test_default_index_url_comes_from_argostranslate(packages_dir: Path) -> None:
    from transcheck.translate.index import default_index_url

    assert default_index_url(packages_dir).endswith("index.json")


def test_failed_download_installs_nothing(tmp_path: Path, packages_dir: Path) -> None:
    url = _index(
        tmp_path,
        [
            {
                "type": "translate",
                "from_code": "fr",
                "to_code": "en",
                "package_version": "1.0",
                "links": [(tmp_path / "gone.argosmodel").as_uri()],
            }
        ],
    )
    with pytest.raises(ModelError, match="download failed"):
        install_from_index("fr", "en", packages_dir, index_url=url, timeout=2)
    assert not packages_dir.exists()


def test_plain_http_links_are_not_followed(tmp_path: Path) -> None:
    from transcheck.translate.index import download

    with pytest.raises(ModelError, match="not an https link"):
        download(["http://127.0.0.1:9/pkg.argosmodel", "ftp://x/pkg"], tmp_path / "p", 2)
    assert not (tmp_path / "p").exists()
