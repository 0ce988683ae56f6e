"""The audit's progress line: documents/s, findings, failures and ETA, on a terminal only.

It is written to standard error and redrawn in place (``\\r``) at most a few times a second,
so it never mixes with piped output and costs nothing measurable.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO


@dataclass
class Counts:
    """What the audit has done so far in this run."""

    seen: int = 0
    skipped: int = 0
    checked: int = 0
    failed: int = 0
    findings: int = 0

    @property
    def finished(self) -> int:
        """Documents accounted for: checked, failed or skipped as unchanged."""
        return self.checked + self.failed + self.skipped


class Progress:
    """Redraws one status line on ``stream`` when ``enabled``.

    Args:
        stream: where to draw (standard error).
        enabled: draw at all (the CLI enables it on a terminal, or with ``--progress``).
        total: documents expected, when known, for the percentage and ETA.
        interval: seconds between redraws.
    """

    def __init__(
        self, stream: TextIO, *, enabled: bool, total: int | None = None, interval: float = 0.2
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total = total
        self.interval = interval
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, counts: Counts, *, force: bool = False) -> None:
        """Redraw if enough time has passed (or ``force``)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        line = format_line(counts, now - self.started, self.total)
        pad = max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def close(self, counts: Counts) -> None:
        """Draw the final state and end the line."""
        if not self.enabled:
            return
        self.update(counts, force=True)
        self.stream.write("\n")
        self.stream.flush()


def format_line(counts: Counts, elapsed: float, total: int | None) -> str:
    """``1,234/10,000 docs 12%  210.5 docs/s  findings 456  failed 3  ETA 0:00:42``."""
    done = counts.finished
    rate = counts.checked / elapsed if elapsed > 0 else 0.0
    if total:
        head = f"{done:,}/{total:,} docs {min(100, done * 100 // max(total, 1))}%"
    else:
        head = f"{done:,} docs"
    parts = [
        head,
        f"{rate:,.1f} docs/s",
        f"findings {counts.findings:,}",
        f"failed {counts.failed:,}",
    ]
    if counts.skipped:
        parts.append(f"unchanged {counts.skipped:,}")
    if total and rate > 0 and done < total:
        parts.append(f"ETA {_clock((total - done) / rate)}")
    return "  ".join(parts)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def estimate_total(
    paths: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    archive_exts: tuple[str, ...] = (".jsonl", ".ndjson", ".csv", ".tsv"),
) -> int:
    """A quick count of the documents ahead: files, plus the lines of JSONL/CSV archives.

    Counting lines reads archives once at disk speed (no decoding); a CSV field with line
    breaks makes it an overestimate, which only makes the ETA cautious.
    """
    from transcheck.readers import walk_files

    total = 0
    for path in paths:
        if path == "-":
            continue
        files = walk_files(path, include, exclude) if os.path.isdir(path) else [path]
        for file in files:
            if file.lower().endswith(archive_exts):
                total += _count_lines(file)
            else:
                total += 1
    return total


def _count_lines(path: str) -> int:
    count = 0
    last = b"\n"
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return 1
    if last != b"\n":
        count += 1
    if path.lower().endswith((".csv", ".tsv")):
        count -= 1  # the header row
    return max(count, 0)
