"""Rendering whole documents: segmentation, one batch per document, text or JSONL output."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from transcheck.document import Document, Span
from transcheck.translate.base import TranslateSettings, Translator, settings_from_mapping


@dataclass(frozen=True)
class SentenceRendering:
    """One source sentence (its span in the document) and its rendering."""

    index: int
    paragraph: int
    span: Span
    source: str
    rendering: str


def load_translate_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config: str | Path | None = None,
    isolated: bool = False,
) -> TranslateSettings:
    """Settings from ``[tool.transcheck.translate]`` (or ``.transcheck.toml``), then
    ``overrides`` (command-line values; ``None`` means not given)."""
    from transcheck.config import load_settings

    table = load_settings(config=config, isolated=isolated).translate
    base = settings_from_mapping(table, "[tool.transcheck.translate]")
    return settings_from_mapping(overrides or {}, "command line", base)


def normalize_sentence(text: str) -> str:
    """Whitespace collapsed: line breaks inside a sentence mean nothing to a translator."""
    return " ".join(text.split())


def render_document(
    doc: Document, translator: Translator, src: str, tgt: str
) -> list[SentenceRendering]:
    """Segment ``doc`` and render all its sentences in one batch."""
    from transcheck.segment import segment

    seg = segment(doc.text, src)
    sources = [normalize_sentence(span.text(doc.text)) for span in seg.sentences]
    rendered = translator.translate_batch(sources, src, tgt) if sources else []
    out = []
    para = 0
    for i, (span, source, text) in enumerate(zip(seg.sentences, sources, rendered, strict=True)):
        while para + 1 < len(seg.paragraphs) and seg.paragraphs[para].end <= span.start:
            para += 1
        out.append(SentenceRendering(i, para, span, source, text))
    return out


def write_text(renderings: list[SentenceRendering], out: TextIO) -> None:
    """Sentences of a paragraph on one line, paragraphs separated by a blank line."""
    paragraphs: dict[int, list[str]] = {}
    for r in renderings:
        paragraphs.setdefault(r.paragraph, []).append(r.rendering)
    out.write("\n\n".join(" ".join(p) for p in paragraphs.values()))
    if paragraphs:
        out.write("\n")


def write_jsonl(
    renderings: list[SentenceRendering], doc: Document, src: str, tgt: str, out: TextIO
) -> None:
    """One JSON object per sentence: its offsets, position and text in the input, and its
    rendering, so each line aligns with a sentence of the input."""
    for r in renderings:
        position = doc.position(r.span.start)
        record = {
            "doc": doc.id,
            "index": r.index,
            "paragraph": r.paragraph,
            "start": r.span.start,
            "end": r.span.end,
            "line": position.line,
            "column": position.column,
            "src": src,
            "tgt": tgt,
            "source": r.source,
            "rendering": r.rendering,
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
