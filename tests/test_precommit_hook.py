"""The pre-commit hook, for real: `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "site"
    repo.mkdir()
    _git(repo, "init", "-q")
    env = {**os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "NO_COLOR": "1"}
    return repo, env


def _try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "transcheck",
            "--verbose",
            "--files",
            *files,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_passes_a_clean_file(site: tuple[Path, dict[str, str]]) -> None:
    repo, env = site
    (repo / "clean.md").write_text(
        "# Talks\n\nThe talks ended on Friday. Both sides will meet again in May.\n"
    )
    _git(repo, "add", "clean.md")
    proc = _try_repo(repo, env, "clean.md")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_hook_fails_on_the_seed_and_prints_findings(site: tuple[Path, dict[str, str]]) -> None:
    repo, env = site
    shutil.copy(ROOT / "corpora" / "seed" / "north-korea-arms.en.txt", repo / "article.txt")
    _git(repo, "add", "article.txt")
    proc = _try_repo(repo, env, "article.txt")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Failed" in proc.stdout
    assert "article.txt:22:177: error boundary.split-word" in proc.stdout
    assert "residue.scrape" in proc.stdout
