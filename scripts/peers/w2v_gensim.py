"""gensim 4 word2vec on a text8-form corpus, the peer of `npm run lab -- train` (same settings,
same 10,000-word sentences), printing one JSON line like the runner's: words, epochs, seconds,
wordsPerSec, analogy. Debian: apt-get install python3-gensim; run with /usr/bin/python3.

  /usr/bin/python3 scripts/peers/w2v_gensim.py --corpus ../shared/data/text8-prefix.zip \
      --model cbow --workers 2 --epochs 5 --eval-analogies ../shared/data/questions-words.txt
"""
import argparse
import io
import json
import logging
import time
import zipfile

from gensim.models import Word2Vec

p = argparse.ArgumentParser()
p.add_argument("--corpus", required=True, help="text8-form text, or a .zip of one such file")
p.add_argument("--model", choices=["skipgram", "cbow"], default="skipgram")
p.add_argument("--workers", type=int, default=2)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--dim", type=int, default=100)
p.add_argument("--window", type=int, default=5)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--sample", type=float, default=1e-3)
p.add_argument("--alpha", type=float, default=0.025)  # gensim's default for both architectures
p.add_argument("--min-alpha", type=float, default=0.0001)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--eval-analogies")
a = p.parse_args()
logging.basicConfig(level=logging.WARNING)

if a.corpus.endswith(".zip"):
    with zipfile.ZipFile(a.corpus) as z:
        text = z.read(z.namelist()[0]).decode("utf-8")
else:
    with io.open(a.corpus, encoding="utf-8") as f:
        text = f.read()
tokens = text.split()
sentences = [tokens[i : i + 10000] for i in range(0, len(tokens), 10000)]  # as gensim's Text8Corpus

model = Word2Vec(
    sg=1 if a.model == "skipgram" else 0,
    cbow_mean=1,
    hs=0,
    vector_size=a.dim,
    window=a.window,
    negative=a.negative,
    sample=a.sample,
    alpha=a.alpha,
    min_alpha=a.min_alpha,
    min_count=a.min_count,
    seed=a.seed,
    workers=a.workers,
    epochs=a.epochs,
)
model.build_vocab(sentences)
t0 = time.perf_counter()
model.train(sentences, total_examples=model.corpus_count, total_words=model.corpus_total_words, epochs=a.epochs)
seconds = time.perf_counter() - t0
out = {
    "peer": f"gensim {__import__('gensim').__version__} {a.model} workers={a.workers}",
    "words": model.corpus_total_words,
    "vocab": len(model.wv),
    "epochs": a.epochs,
    "seconds": round(seconds, 2),
    "wordsPerSec": round(model.corpus_total_words * a.epochs / seconds),
}
if a.eval_analogies:
    score, _ = model.wv.evaluate_word_analogies(a.eval_analogies)
    out["analogy"] = round(score, 4)
print(json.dumps(out))
