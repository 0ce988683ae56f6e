"""``transcheck translate``: reference renderings of a file, sentence by sentence."""

from __future__ import annotations

import click

from transcheck.cli.options import (
    config_options,
    output_option,
    output_stream,
)
from transcheck.translate.base import BACKENDS


@click.command()
@click.argument("path", type=click.Path(allow_dash=True))
@click.option(
    "--from",
    "src",
    metavar="LANG",
    help="Language of PATH (default: the language the document declares).",
)
@click.option("--to", "tgt", required=True, metavar="LANG", help="Language to render into.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "jsonl"]),
    default="text",
    show_default=True,
    help="text: the rendering, paragraphs kept; jsonl: one line per input sentence.",
)
@output_option
@click.option("--backend", type=click.Choice(BACKENDS), help="Translator (default: argos).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the rendering cache.")
@click.option("--beam-size", type=click.IntRange(min=1), help="Beam size (Argos).")
@click.option(
    "--intra-threads",
    type=click.IntRange(min=0),
    help="Threads per translation (Argos; 0 = automatic).",
)
@click.option("--compute-type", help="CTranslate2 compute type: default, int8, float32...")
@click.option("--pivot", metavar="LANG", help="Pivot language when no direct model exists.")
@click.option(
    "--packages-dir",
    type=click.Path(file_okay=False),
    help="Where translation packages are installed.",
)
@click.option("--cache-path", type=click.Path(dir_okay=False), help="Rendering cache file.")
@click.option("--encoding", help="Input encoding (default: UTF-8, BOM allowed).")
@click.option(
    "--input-format",
    type=click.Choice(["text", "markdown", "html", "jsonl", "csv"]),
    help="Input format (default: by file extension).",
)
@config_options
def translate(
    path: str,
    src: str | None,
    tgt: str,
    fmt: str,
    output: str | None,
    backend: str | None,
    no_cache: bool,
    beam_size: int | None,
    intra_threads: int | None,
    compute_type: str | None,
    pivot: str | None,
    packages_dir: str | None,
    cache_path: str | None,
    encoding: str | None,
    input_format: str | None,
    config: str | None,
    isolated: bool,
) -> None:
    """Render PATH (or - for standard input) from --from into --to.

    Renderings come from installed translation packages (see `transcheck models`), one
    batch per document, and are cached: a sentence is never translated twice.
    """
    from transcheck.errors import ConfigError
    from transcheck.readers import ReadOptions, read_document
    from transcheck.translate import get_translator
    from transcheck.translate.render import (
        load_translate_settings,
        render_document,
        write_jsonl,
        write_text,
    )

    settings = load_translate_settings(
        {
            "backend": backend,
            "use_cache": False if no_cache else None,
            "beam_size": beam_size,
            "intra_threads": intra_threads,
            "compute_type": compute_type,
            "pivot": pivot,
            "packages_dir": packages_dir,
            "cache_path": cache_path,
        },
        config=config,
        isolated=isolated,
    )
    doc = read_document(path, ReadOptions(encoding=encoding, input_format=input_format, lang=src))
    source_lang = src or doc.lang
    if not source_lang:
        raise ConfigError(f"{doc.display_path}: language unknown; give --from LANG")
    translator = get_translator(settings)
    renderings = render_document(doc, translator, source_lang, tgt)
    with output_stream(output) as out:
        if fmt == "jsonl":
            write_jsonl(renderings, doc, source_lang, tgt, out)
        else:
            write_text(renderings, out)
