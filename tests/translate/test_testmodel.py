from __future__ import annotations

import json
import zipfile
from pathlib import Path

from transcheck.translate.packages import validate_archive
from transcheck.translate.testmodel import EN_ES, FR_EN, package_name, reference_translation


def test_built_package_is_a_valid_argosmodel(model_files: dict[str, Path]) -> None:
    check = validate_archive(model_files["fr_en"])
    assert check.root == "translate-fr_en-1_0"
    assert check.metadata["from_code"] == "fr" and check.metadata["to_code"] == "en"
    names = {m.filename for m in check.members}
    assert "translate-fr_en-1_0/sentencepiece.model" in names
    assert "translate-fr_en-1_0/model/model.bin" in names


def test_target_prefix_is_in_metadata(model_files: dict[str, Path]) -> None:
    with zipfile.ZipFile(model_files["fr_en_prefix"]) as zf:
        meta = json.loads(zf.read("translate-fr_en-2_0/metadata.json"))
    assert meta["target_prefix"] == "__en__"
    assert meta["package_version"] == "2.0"


def test_reference_translation_word_by_word() -> None:
    assert reference_translation("Le chat mange le pain.", FR_EN) == "The cat eats the bread."
    assert reference_translation("Zorglub dort ici!", FR_EN) == "Zorglub sleeps here!"
    assert reference_translation("I see", EN_ES) == "yo see"


def test_package_name() -> None:
    assert package_name("zh", "en", "1.9") == "translate-zh_en-1_9"
