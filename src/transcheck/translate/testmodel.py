"""Build tiny but valid Argos packages offline, for tests and demos (no training, ~1 s).

The model is a hand-set CTranslate2 Transformer (one zeroed encoder layer, one decoder
layer) that translates word by word through a lexicon:

- every vocabulary piece gets a random +-1 *token code*, every position a random +-1
  *position code*, in separate halves of the model dimension;
- the encoder passes ``[tok(s); pos(s)]`` through unchanged (zero weights, residual only);
- decoder step ``t`` carries only ``pos(t)``; its cross-attention uses ``q = 8*pos(t)``,
  ``k = pos(s)``, ``v = tok(s)``, so it attends to source position ``t`` and reads that token;
- the output projection row of target piece ``m`` is ``0.5 * sum tok(j)`` over the source
  pieces ``j`` that map to ``m`` (itself by default, the lexicon translation otherwise).

Source EOS is copied too, so decoding stops after the last word. Every LayerNorm sees
zero-mean inputs of known variance and acts as the identity. Output is deterministic:
``"Le chat mange le pain."`` -> ``"The cat eats the bread."``; words outside the lexicon are
copied. With a ``target_prefix`` the encoder positions shift by one so that the forced
prefix token does not eat the first word.

Needs numpy, sentencepiece and ctranslate2 (the ``translate`` extra plus numpy).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

FR_EN: dict[str, str] = {
    "le": "the", "la": "the", "les": "the", "un": "a", "une": "a",
    "chat": "cat", "chien": "dog", "oiseau": "bird", "poisson": "fish",
    "homme": "man", "femme": "woman", "enfant": "child", "maison": "house",
    "livre": "book", "pain": "bread", "eau": "water", "pomme": "apple",
    "voiture": "car", "jardin": "garden", "ville": "city", "table": "table",
    "mange": "eats", "voit": "sees", "aime": "likes", "lit": "reads",
    "boit": "drinks", "prend": "takes", "cherche": "seeks", "trouve": "finds",
    "dort": "sleeps", "court": "runs", "chante": "sings", "est": "is",
    "petit": "small", "grand": "big", "rouge": "red", "noir": "black",
    "je": "I", "il": "he", "elle": "she", "nous": "we",
    "et": "and", "avec": "with", "dans": "in", "sur": "on", "sous": "under",
    "maintenant": "now", "demain": "tomorrow", "ici": "here",
    "bonjour": "hello", "merci": "thanks", "oui": "yes", "non": "no",
    "très": "very", "souvent": "often", "toujours": "always",
}  # fmt: skip
"""A toy French -> English lexicon, one word for one word, same order."""

EN_ES: dict[str, str] = {
    "the": "el", "a": "un", "cat": "gato", "dog": "perro", "bird": "pájaro",
    "fish": "pez", "man": "hombre", "woman": "mujer", "child": "niño",
    "house": "casa", "book": "libro", "bread": "pan", "water": "agua",
    "apple": "manzana", "car": "coche", "garden": "jardín", "city": "ciudad",
    "table": "mesa", "eats": "come", "sees": "ve", "likes": "ama", "reads": "lee",
    "drinks": "bebe", "takes": "toma", "seeks": "busca", "finds": "encuentra",
    "sleeps": "duerme", "runs": "corre", "sings": "canta", "is": "es",
    "small": "pequeño", "big": "grande", "red": "rojo", "black": "negro",
    "I": "yo", "he": "él", "she": "ella", "we": "nosotros", "and": "y",
    "with": "con", "in": "en", "on": "sobre", "under": "bajo", "now": "ahora",
    "tomorrow": "mañana", "here": "aquí", "hello": "hola", "thanks": "gracias",
    "yes": "sí", "no": "no", "very": "muy", "often": "frecuentemente",
    "always": "siempre",
}  # fmt: skip
"""A toy English -> Spanish lexicon (covers every output of :data:`FR_EN`)."""

LANG_NAMES = {"fr": "French", "en": "English", "es": "Spanish", "de": "German"}
D_TOK = 128
D_POS = 128
MAX_POS = 512


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def reference_translation(sentence: str, lexicon: Mapping[str, str]) -> str:
    """What a model built from ``lexicon`` renders ``sentence`` as (word by word).

    Words are split on spaces; trailing ``.,!?`` stay attached and are kept; a capitalised
    source word gives a capitalised translation.
    """
    out = []
    for word in sentence.split():
        core = word.rstrip(".,!?")
        tail = word[len(core) :]
        if core in lexicon:
            translated = lexicon[core]
        elif core == _cap(core.lower()) and core.lower() in lexicon:
            translated = _cap(lexicon[core.lower()])
        else:
            translated = word[: len(core)]
        out.append(translated + tail)
    return " ".join(out)


def _corpus(lexicon: Mapping[str, str], seed: int = 0) -> Iterator[str]:
    """SentencePiece training text: random monotone sentences and repeated word lists, so
    that every lexicon word (plain and capitalised, both sides) becomes a single piece."""
    rng = random.Random(seed)
    words = sorted(lexicon)
    for _ in range(400):
        n = rng.randint(2, 8)
        sentence = " ".join(rng.choice(words) for _ in range(n))
        sentence = _cap(sentence) + rng.choice([".", ".", "!", "?", ","])
        yield sentence
        yield reference_translation(sentence, lexicon)
    both = sorted(set(lexicon) | set(lexicon.values()))
    for _ in range(25):
        yield " ".join(both)
        yield " ".join(_cap(w) for w in both)
    yield "0123456789 _ - ' \" ( ) : ; « » % € $ @ # / &"


def _train_sentencepiece(lexicon: Mapping[str, str], path: Path, user_symbols: list[str]) -> Any:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=_corpus(lexicon),
        model_writer=buf,
        vocab_size=600,
        model_type="bpe",
        character_coverage=1.0,
        hard_vocab_limit=False,
        max_sentencepiece_length=16,
        user_defined_symbols=user_symbols,
        minloglevel=2,
    )  # ids 0/1/2 = <unk>/<s>/</s>, CTranslate2's default special tokens
    path.write_bytes(buf.getvalue())
    sp = spm.SentencePieceProcessor(model_file=str(path))
    _check_whole_words(sp, lexicon)
    return sp


def _check_whole_words(sp: Any, lexicon: Mapping[str, str]) -> None:
    split = [
        w
        for word in set(lexicon) | set(lexicon.values())
        for w in (word, _cap(word))
        if len(sp.encode(w, out_type=str)) != 1
    ]
    if split:
        raise RuntimeError(f"lexicon words split into several pieces: {sorted(split)[:10]}")


def _piece_mapping(sp: Any, lexicon: Mapping[str, str]) -> dict[int, int]:
    """Source piece id -> target piece id: identity unless the lexicon maps the word."""
    size = sp.get_piece_size()
    ids = {sp.id_to_piece(i): i for i in range(size)}
    mapping = {i: i for i in range(size)}
    for src, tgt in lexicon.items():
        variants = [(src, tgt)]
        if _cap(src) != src and _cap(src) not in lexicon:
            variants.append((_cap(src), _cap(tgt)))
        for s, t in variants:
            if "\u2581" + s in ids and "\u2581" + t in ids:
                mapping[ids["\u2581" + s]] = ids["\u2581" + t]
    return mapping


def _pm1_codes(rng: Any, rows: int, dim: int) -> Any:
    """Rows of balanced +-1 values: zero mean and unit variance, as LayerNorm expects."""
    import numpy as np

    base = np.array([1.0] * (dim // 2) + [-1.0] * (dim - dim // 2), dtype=np.float32)
    return np.stack([rng.permutation(base) for _ in range(rows)])


def _zero_layer_norm(ln: Any, dim: int, gain: float = 1.0) -> None:
    import numpy as np

    ln.gamma = np.full(dim, gain, dtype=np.float32)
    ln.beta = np.zeros(dim, dtype=np.float32)


def _zero_linear(linear: Any, out_dim: int, in_dim: int) -> None:
    import numpy as np

    linear.weight = np.zeros((out_dim, in_dim), dtype=np.float32)
    linear.bias = np.zeros(out_dim, dtype=np.float32)


def _build_ct2(
    sp: Any,
    mapping: dict[int, int],
    out_dir: Path,
    *,
    source_offset: int,
    quantization: str,
    seed: int = 1234,
) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    vocab_size = sp.get_piece_size()
    dim = D_TOK + D_POS
    rng = np.random.default_rng(seed)
    tok = _pm1_codes(rng, vocab_size, D_TOK)
    pos = _pm1_codes(rng, MAX_POS + source_offset, D_POS)
    mask_tok = np.r_[np.ones(D_TOK), np.zeros(D_POS)].astype(np.float32)
    mask_pos = 1.0 - mask_tok

    def pos_table(offset: int) -> Any:
        return np.concatenate(
            [np.zeros((MAX_POS, D_TOK), np.float32), pos[offset : offset + MAX_POS]], axis=1
        )

    spec = transformer_spec.TransformerSpec.from_config((1, 1), num_heads=1, pre_norm=True)
    spec.config.add_source_eos = True  # the copied EOS ends decoding

    enc = spec.encoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = np.concatenate(
        [tok, np.zeros((vocab_size, D_POS), np.float32)], axis=1
    )
    # With a target prefix, source word s must be read at decoder step s + 1.
    enc.position_encodings.encodings = pos_table(source_offset)
    _zero_layer_norm(enc.layer_norm, dim)
    layer = enc.layer[0]  # CTranslate2 needs one encoder layer: all zero = residual only
    _zero_layer_norm(layer.self_attention.layer_norm, dim)
    _zero_linear(layer.self_attention.linear[0], 3 * dim, dim)
    _zero_linear(layer.self_attention.linear[1], dim, dim)
    _zero_layer_norm(layer.ffn.layer_norm, dim)
    _zero_linear(layer.ffn.linear_0, 8, dim)
    _zero_linear(layer.ffn.linear_1, dim, 8)

    dec = spec.decoder
    dec.scale_embeddings = False
    dec.embeddings.weight = np.zeros((vocab_size, dim), np.float32)
    dec.position_encodings.encodings = pos_table(0)
    layer = dec.layer[0]
    _zero_layer_norm(layer.self_attention.layer_norm, dim)
    _zero_linear(layer.self_attention.linear[0], 3 * dim, dim)
    _zero_linear(layer.self_attention.linear[1], dim, dim)
    cross = layer.attention
    # The decoder state [0; pos(t)] has variance 0.5: gain 1/sqrt(2) makes LayerNorm identity.
    _zero_layer_norm(cross.layer_norm, dim, gain=float(1 / np.sqrt(2.0)))
    cross.linear[0].weight = np.diag(8.0 * mask_pos).astype(np.float32)  # q = 8 pos(t)
    cross.linear[0].bias = np.zeros(dim, np.float32)
    cross.linear[1].weight = np.concatenate([np.diag(mask_pos), np.diag(mask_tok)]).astype(
        np.float32
    )  # k = pos(s), v = tok(s)
    cross.linear[1].bias = np.zeros(2 * dim, np.float32)
    cross.linear[2].weight = np.eye(dim, dtype=np.float32)
    cross.linear[2].bias = np.zeros(dim, np.float32)
    _zero_layer_norm(layer.ffn.layer_norm, dim)
    _zero_linear(layer.ffn.linear_0, 8, dim)
    _zero_linear(layer.ffn.linear_1, dim, 8)
    _zero_layer_norm(dec.layer_norm, dim)
    projection = np.zeros((vocab_size, dim), np.float32)
    for src_id, tgt_id in mapping.items():
        projection[tgt_id, :D_TOK] += 0.5 * tok[src_id]
    dec.projection.weight = projection
    dec.projection.bias = np.zeros(vocab_size, np.float32)

    pieces = [sp.id_to_piece(i) for i in range(vocab_size)]
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization=quantization)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def package_name(src: str, tgt: str, version: str) -> str:
    """The folder (and file) name Argos uses, e.g. ``translate-fr_en-1_0``."""
    return f"translate-{src}_{tgt}-{version.replace('.', '_')}"


def build_package_dir(
    parent: Path,
    src: str = "fr",
    tgt: str = "en",
    lexicon: Mapping[str, str] | None = None,
    *,
    version: str = "1.0",
    target_prefix: str = "",
    quantization: str = "int8",
) -> Path:
    """Write the package folder ``parent/translate-SRC_TGT-VERSION`` and return it."""
    if lexicon is None:
        lexicon = {("fr", "en"): FR_EN, ("en", "es"): EN_ES}.get((src, tgt), FR_EN)
    root = parent / package_name(src, tgt, version)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    metadata: dict[str, Any] = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": src,
        "from_name": LANG_NAMES.get(src, src),
        "to_code": tgt,
        "to_name": LANG_NAMES.get(tgt, tgt),
        "type": "translate",
        "code": f"translate-{src}_{tgt}",
        "links": [],
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text(
        f"Toy {src}->{tgt} package built by transcheck.translate.testmodel "
        "(hand-set word-by-word model) for tests.\n",
        encoding="utf-8",
    )
    symbols = [target_prefix] if target_prefix else []
    sp = _train_sentencepiece(lexicon, root / "sentencepiece.model", symbols)
    _build_ct2(
        sp,
        _piece_mapping(sp, lexicon),
        root / "model",
        source_offset=1 if target_prefix else 0,
        quantization=quantization,
    )
    return root


def zip_package(folder: Path, archive: Path) -> Path:
    """Zip a package folder into ``archive`` (one top-level folder, as Argos expects)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder.parent).as_posix())
    return archive


def build_test_package(
    out_dir: Path,
    src: str = "fr",
    tgt: str = "en",
    lexicon: Mapping[str, str] | None = None,
    *,
    version: str = "1.0",
    target_prefix: str = "",
    quantization: str = "int8",
) -> Path:
    """Build ``out_dir/translate-SRC_TGT-VERSION.argosmodel`` and return its path.

    ``lexicon`` defaults to :data:`FR_EN` (or :data:`EN_ES` for ``en -> es``).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="testmodel-") as tmp:
        folder = build_package_dir(
            Path(tmp),
            src,
            tgt,
            lexicon,
            version=version,
            target_prefix=target_prefix,
            quantization=quantization,
        )
        return zip_package(folder, out_dir / f"{folder.name}.argosmodel")
