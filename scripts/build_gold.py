#!/usr/bin/env python3
"""Build the gold JSONL corpus from annotated sources.

Each ``corpora/gold/*.txt`` file is one document::

    ---
    id: fr-politics-01
    lang: en
    source_lang: fr          # or "unknown"
    ---
    The text, with [[style.calque|Korea of the North]] marked inline. A note may follow:
    [[boundary.split-word|program. -spies|satellites-espions split by MT]].

The front matter ends at the second ``---`` line; the text starts on the next line and runs
to the end of the file (a single trailing newline is dropped). Marks are removed from the
text and become artifacts with Python string offsets into it (end exclusive). A document
without marks is a clean document: every finding on it is a false flag.

Usage: build_gold.py [--check] [SRC_DIR] [OUT]   (defaults: corpora/gold corpora/gold.jsonl)
``--check`` exits 1 when OUT is not what SRC_DIR builds (used by the test suite).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = re.compile(r"\[\[([a-z]+\.[a-z-]+)\|(.+?)(?:\|([^\]]*))?\]\]", re.DOTALL)
KEYS = {"id", "lang", "source_lang"}


def parse(path: Path) -> dict[str, object]:
    """One annotated source file -> one gold record."""
    content = path.read_text(encoding="utf-8")
    lines = content.split("\n")
    if lines[0].strip() != "---":
        raise ValueError(f"{path}: must start with a '---' front matter line")
    end = lines.index("---", 1)
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        if key.strip() not in KEYS:
            raise ValueError(f"{path}: unknown front matter key {key.strip()!r}")
        meta[key.strip()] = value.strip()
    body = "\n".join(lines[end + 1 :])
    if body.endswith("\n"):
        body = body[:-1]
    text_parts: list[str] = []
    artifacts: list[dict[str, object]] = []
    pos = 0
    out_len = 0
    for m in MARK.finditer(body):
        text_parts.append(body[pos : m.start()])
        out_len += m.start() - pos
        kind, inner, note = m.group(1), m.group(2), m.group(3)
        artifacts.append(
            {"start": out_len, "end": out_len + len(inner), "type": kind, "note": note or ""}
        )
        text_parts.append(inner)
        out_len += len(inner)
        pos = m.end()
    text_parts.append(body[pos:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{path}: malformed mark left in text")
    source_lang = meta.get("source_lang") or None
    return {
        "id": meta.get("id") or path.stem,
        "text": text,
        "lang": meta.get("lang", "en"),
        "source_lang": None if source_lang in (None, "unknown") else source_lang,
        "source_text": None,
        "artifacts": artifacts,
    }


def build(src: Path) -> str:
    records = [parse(p) for p in sorted(src.glob("*.txt"))]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if OUT is out of date")
    ap.add_argument("src", nargs="?", default=str(ROOT / "corpora" / "gold"))
    ap.add_argument("out", nargs="?", default=str(ROOT / "corpora" / "gold.jsonl"))
    args = ap.parse_args()
    try:
        content = build(Path(args.src))
    except ValueError as exc:
        print(f"build_gold: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    if args.check:
        if not out.exists() or out.read_text(encoding="utf-8") != content:
            print(f"build_gold: {out} is out of date; run scripts/build_gold.py", file=sys.stderr)
            return 1
        return 0
    out.write_text(content, encoding="utf-8")
    n = content.count("\n")
    print(f"wrote {n} documents to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
