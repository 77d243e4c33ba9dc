#!/usr/bin/python3
"""Reference values of the report-generation text normalizations (nltk 3.8, Debian python3-nltk).

    /usr/bin/python3 tools/peers/text-normalization-reference.py \
        packages/metrics/src/text/fixtures/clinical-report-pairs.jsonl \
        packages/metrics/src/text/fixtures/tokenizer-edge-cases.json \
        [--cider-scorer /path/to/vrama91/cider/pyciderevalcap/ciderD/ciderD_scorer.py]

writes JSON to stdout: per convention the tokens of every candidate and reference, corpus
BLEU-1..4 and mean METEOR over the pairs, and the tokens of each edge-case text and of 200
seeded random strings of characters the tokenizer's rules single out. The parity test
packages/metrics/src/text/text-normalization.parity.test.ts runs it live and compares with the
TypeScript, and its output is stored as fixtures/text-normalization-nltk-3.8.json.

Conventions (packages/metrics/src/text/text-normalization.ts):
  whitespace  text.split(" ")  (what the existing peers feed nltk)
  ptb-lower   " ".join(text.lower().split()), then
              TreebankWordTokenizer().tokenize(..., convert_parentheses=True), then the tokens in
              pycocoevalcap's PTBTokenizer PUNCTUATIONS list dropped.

BLEU:   nltk.translate.bleu_score.corpus_bleu, one reference per pair, weights (1/n,)*n, no smoothing.
METEOR: mean over pairs of nltk.translate.meteor_score.meteor_score([ref_tokens], cand_tokens),
        WordNet 3.0 from Debian's wordnet-base (/usr/share/wordnet).
CIDEr-D is not computed unless --cider-scorer names vrama91/cider's ciderD_scorer.py (commit
3b388bd, the version the other CIDEr-D parity values come from); that Python 2 file is run with only
`.iteritems()` -> `.items()` and `xrange` -> `range` changed, in corpus document-frequency mode,
and is given exactly the convention's tokens (its own `split()` is bypassed).
"""
import argparse
import json
import os
import random
import sys
import tempfile
import types

import nltk
from nltk.tokenize import TreebankWordTokenizer
from nltk.translate.bleu_score import corpus_bleu
from nltk.translate.meteor_score import meteor_score

# pycocoevalcap/tokenizer/ptbtokenizer.py
PUNCTUATIONS = ["''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-",
                ".", "?", "!", ",", ":", "-", "--", "...", ";"]

TREEBANK = TreebankWordTokenizer()


def whitespace_tokens(text):
    return text.split(" ")


def ptb_lower_tokens(text):
    collapsed = " ".join(text.lower().split())
    tokens = TREEBANK.tokenize(collapsed, convert_parentheses=True)
    return [t for t in tokens if t not in PUNCTUATIONS]


CONVENTIONS = {"whitespace": whitespace_tokens, "ptb-lower": ptb_lower_tokens}

# WordNet 3.0's lexicographer files (lexnames(5WN)); Debian's wordnet-base lacks this table,
# which nltk's reader opens.
LEXNAMES = [
    ("adj.all", 3), ("adj.pert", 3), ("adv.all", 4), ("noun.Tops", 1), ("noun.act", 1),
    ("noun.animal", 1), ("noun.artifact", 1), ("noun.attribute", 1), ("noun.body", 1),
    ("noun.cognition", 1), ("noun.communication", 1), ("noun.event", 1), ("noun.feeling", 1),
    ("noun.food", 1), ("noun.group", 1), ("noun.location", 1), ("noun.motive", 1),
    ("noun.object", 1), ("noun.person", 1), ("noun.phenomenon", 1), ("noun.plant", 1),
    ("noun.possession", 1), ("noun.process", 1), ("noun.quantity", 1), ("noun.relation", 1),
    ("noun.shape", 1), ("noun.state", 1), ("noun.substance", 1), ("noun.time", 1),
    ("verb.body", 2), ("verb.change", 2), ("verb.cognition", 2), ("verb.communication", 2),
    ("verb.competition", 2), ("verb.consumption", 2), ("verb.contact", 2), ("verb.creation", 2),
    ("verb.emotion", 2), ("verb.motion", 2), ("verb.perception", 2), ("verb.possession", 2),
    ("verb.social", 2), ("verb.stative", 2), ("verb.weather", 2), ("adj.ppl", 3),
]


def use_debian_wordnet(root, source="/usr/share/wordnet"):
    """Points nltk's `wordnet` at Debian's WordNet 3.0 through a private nltk_data directory."""
    if not os.path.isfile(os.path.join(source, "index.noun")):
        raise SystemExit(f"WordNet 3.0 missing in {source}: apt-get install wordnet-base")
    target = os.path.join(root, "corpora", "wordnet")
    os.makedirs(target)
    for name in os.listdir(source):
        os.symlink(os.path.join(source, name), os.path.join(target, name))
    with open(os.path.join(target, "lexnames"), "w") as f:
        for i, (name, category) in enumerate(LEXNAMES):
            f.write(f"{i:02d}\t{name}\t{category}\n")
    nltk.data.path.insert(0, root)


# Pieces the Treebank rules react to (quotes, clitics, contractions, brackets, Unicode whitespace,
# digits and case-folding oddities), for the seeded random strings.
FUZZ_PIECES = list("aAbcdegilmnorstTvwyIK.,:;!?'\"`()[]{}<>-@#$%&*/ \n\t0123456789") + [
    "can", "not", "n't", "'s", "'ll", "wan", "na", "gim", "me", "'t", "is", "was", "...", "--",
    "''", "``", "\u0131", "\u0130", "\u017f", "\u00a0", "\x85", "\x1c", "\ufeff", "\u0663",
    "\u00e9", "e\u0301", "\u00bd", "\u212a", "\U0001F600", "\u2028", "\r\n", "d'ye", "more'n",
]


def fuzz_texts(count, seed=11):
    rng = random.Random(seed)
    return ["".join(rng.choice(FUZZ_PIECES) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def treebank_cases(texts):
    return [
        {
            "text": text,
            "treebank": TREEBANK.tokenize(text),
            "treebankConvertParentheses": TREEBANK.tokenize(text, convert_parentheses=True),
            "whitespace": whitespace_tokens(text),
            "ptbLower": ptb_lower_tokens(text),
        }
        for text in texts
    ]


class GivenTokens(str):
    """A string whose split() returns fixed tokens: CIDEr-D's precook then counts exactly these."""

    def __new__(cls, tokens):
        value = super().__new__(cls, " ".join(tokens))
        value.tokens = list(tokens)
        return value

    def split(self, *args, **kwargs):
        return list(self.tokens)


def load_cider_d(path):
    with open(path) as f:
        source = f.read().replace(".iteritems()", ".items()").replace("xrange", "range")
    module = types.ModuleType("ciderD_scorer")
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def cider_d(module, candidates, references):
    scorer = module.CiderScorer(n=4, sigma=6.0)
    for cand, ref in zip(candidates, references):
        scorer += (GivenTokens(cand), [GivenTokens(ref)])
    mean, scores = scorer.compute_score("corpus")
    return float(mean), [float(s) for s in scores]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", help="JSONL of {id, reference, candidate}")
    parser.add_argument("edge_cases", help="JSON list of texts to tokenize")
    parser.add_argument("--cider-scorer", help="vrama91/cider ciderD_scorer.py (commit 3b388bd)")
    args = parser.parse_args()

    with open(args.pairs, encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f if line.strip()]
    with open(args.edge_cases, encoding="utf-8") as f:
        edge_cases = json.load(f)
    cider_module = load_cider_d(args.cider_scorer) if args.cider_scorer else None

    conventions = {}
    with tempfile.TemporaryDirectory() as nltk_data:
        use_debian_wordnet(nltk_data)
        for key, tokenize in CONVENTIONS.items():
            candidates = [tokenize(p["candidate"]) for p in pairs]
            references = [tokenize(p["reference"]) for p in pairs]
            bleu = [
                corpus_bleu([[r] for r in references], candidates, weights=(1.0 / n,) * n)
                for n in (1, 2, 3, 4)
            ]
            meteor = [meteor_score([r], c) for c, r in zip(candidates, references)]
            entry = {
                "candidateTokens": candidates,
                "referenceTokens": references,
                "bleu": bleu,
                "meteorMean": sum(meteor) / len(meteor),
                "meteor": meteor,
            }
            if cider_module is not None:
                mean, scores = cider_d(cider_module, candidates, references)
                entry["ciderD"] = {"score": mean, "scores": scores}
            conventions[key] = entry

    output = {
        "source": "nltk %s (Debian python3-nltk) under Python %s: TreebankWordTokenizer, corpus_bleu, "
        "meteor_score with Debian wordnet-base; CIDEr-D from vrama91/cider ciderD_scorer.py @3b388bd "
        "when present" % (nltk.__version__, sys.version.split()[0]),
        "command": "/usr/bin/python3 tools/peers/text-normalization-reference.py "
        "packages/metrics/src/text/fixtures/clinical-report-pairs.jsonl "
        "packages/metrics/src/text/fixtures/tokenizer-edge-cases.json "
        "--cider-scorer <vrama91/cider@3b388bd>/pyciderevalcap/ciderD/ciderD_scorer.py",
        "nltk": nltk.__version__,
        "pairs": len(pairs),
        "conventions": conventions,
        "edgeCases": treebank_cases(edge_cases),
        "fuzz": treebank_cases(fuzz_texts(200)),
    }
    json.dump(output, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
