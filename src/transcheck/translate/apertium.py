"""The Apertium backend: rule-based renderings through the ``apertium`` command.

One ``apertium`` process per batch (one sentence per line) rather than one per sentence:
starting the pipeline costs ~200 ms, a line costs ~2 ms. Language data comes from the
Debian packages (``apertium-eng-spa``, ``apertium-eng-cat``, ...).
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from transcheck.errors import ModelError
from transcheck.translate.base import ModelRef, TranslateSettings
from transcheck.translate.pivot import plan_route

# ISO 639-1 -> the ISO 639-3 codes Apertium mode names use (modes use either form).
ISO3 = {
    "en": "eng", "es": "spa", "ca": "cat", "fr": "fra", "gl": "glg", "pt": "por",
    "it": "ita", "de": "deu", "eu": "eus", "is": "isl", "mk": "mkd", "eo": "epo",
    "oc": "oci", "ro": "ron", "nl": "nld", "sv": "swe", "da": "dan", "nb": "nob",
    "nn": "nno", "br": "bre", "cy": "cym", "ga": "gle", "sh": "hbs", "ar": "ara",
}  # fmt: skip
_TIMEOUT_PER_LINE = 2.0
_MARKS = re.compile(r"(?<![\w#@*])([#@])(?=\w)")


def datadir() -> Path:
    """Where Apertium keeps its modes (``$APERTIUM_DATADIR``, as the ``apertium`` script)."""
    return Path(os.environ.get("APERTIUM_DATADIR", "/usr/share/apertium"))


def _executable() -> str:
    exe = shutil.which("apertium")
    if exe is None:
        raise ModelError(
            "the Apertium backend needs the `apertium` command "
            "(Debian: apt-get install apertium apertium-eng-spa)"
        )
    return exe


def available_modes() -> dict[tuple[str, str], str]:
    """Installed translation modes keyed by ``(src, tgt)`` in ISO 639-1 where known."""
    modes: dict[tuple[str, str], str] = {}
    back = {v: k for k, v in ISO3.items()}
    for path in sorted((datadir() / "modes").glob("*.mode")):
        match = re.fullmatch(r"([a-z]{2,3})-([a-z]{2,3})", path.stem)
        if not match:
            continue  # variants such as spa-eng_US, or analysers
        a, b = match.groups()
        modes.setdefault((back.get(a, a), back.get(b, b)), path.stem)
    return modes


def _mode_version(mode: str) -> str:
    """A fingerprint of the mode's data files (size and mtime), so that an upgraded
    language package gets fresh cache entries."""
    mode_file = datadir() / "modes" / f"{mode}.mode"
    try:
        text = mode_file.read_text(encoding="utf-8")
    except OSError:
        raise ModelError(f"Apertium mode {mode} has no readable mode file") from None
    digest = hashlib.sha1(text.encode())
    for token in shlex.split(text.replace("|", " ")):
        path = Path(token)
        if path.is_absolute() and path.is_file():
            st = path.stat()
            digest.update(f"{token}:{st.st_size}:{int(st.st_mtime)}".encode())
    return digest.hexdigest()[:12]


def clean_marks(rendered: str, source: str) -> str:
    """Drop Apertium's ``#`` (generation) and ``@`` (transfer) error marks.

    Unknown words (``*``) are already unmarked by ``apertium -u``. A ``#`` or ``@`` that
    starts a word in the source (hashtags, handles) is kept.
    """
    keep = {ch for ch in "#@" if re.search(rf"(?<![\w#@]){ch}\w", source)}
    return _MARKS.sub(lambda m: m.group(1) if m.group(1) in keep else "", rendered)


class ApertiumTranslator:
    """Renderings from installed Apertium pairs, through ``settings.pivot`` when needed."""

    backend = "apertium"

    def __init__(self, settings: TranslateSettings) -> None:
        self.settings = settings
        self._modes: dict[tuple[str, str], str] | None = None

    def _all_modes(self) -> dict[tuple[str, str], str]:
        if self._modes is None:
            self._modes = available_modes()
        return self._modes

    def route(self, src: str, tgt: str) -> list[str]:
        """The mode names that render ``src -> tgt``."""
        modes = self._all_modes()
        hops = plan_route(src, tgt, modes.keys(), self.settings.pivot, backend="apertium")
        return [modes[hop] for hop in hops]

    def model_ref(self, src: str, tgt: str) -> ModelRef:
        route = self.route(src, tgt)
        return ModelRef(self.backend, ">".join(route), ">".join(_mode_version(m) for m in route))

    def translate_batch(self, sentences: list[str], src: str, tgt: str) -> list[str]:
        """Render ``sentences`` with one ``apertium`` process per hop of the route."""
        texts = list(sentences)
        for mode in self.route(src, tgt):
            texts = self._run(mode, texts)
        return texts

    def _run(self, mode: str, sentences: list[str]) -> list[str]:
        # One sentence per line: newlines inside a sentence would shift the alignment.
        lines = [" ".join(s.split()) for s in sentences]
        todo = [i for i, line in enumerate(lines) if line]
        out = [""] * len(lines)
        if not todo:
            return out
        payload = "".join(lines[i] + "\n" for i in todo)
        try:
            proc = subprocess.run(
                [_executable(), "-u", mode],
                input=payload,
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=30 + _TIMEOUT_PER_LINE * len(todo),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ModelError(f"apertium {mode} did not finish in time") from None
        if proc.returncode != 0:
            message = proc.stderr.strip().splitlines()
            raise ModelError(
                f"apertium {mode} failed: {message[-1] if message else proc.returncode}"
            )
        rendered = proc.stdout.split("\n")
        if rendered and rendered[-1] == "":
            rendered.pop()
        if len(rendered) != len(todo):
            raise ModelError(
                f"apertium {mode} returned {len(rendered)} lines for {len(todo)} sentences"
            )
        for i, text in zip(todo, rendered, strict=True):
            out[i] = clean_marks(text.strip(), lines[i])
        return out
