from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The test modules share helpers in audit_helpers.py; worker processes started by the audit
# also import it (a test document that kills its worker lives there), so it goes on sys.path.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """60 small articles in a directory tree; every third one has an artifact."""
    from audit_helpers import make_corpus

    return make_corpus(tmp_path / "corpus", 60)
