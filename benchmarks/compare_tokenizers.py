#!/usr/bin/env python3
"""Do the rules match the same with lint.nlp.tokenizer_fr as with spacy.load's
fr_core_news_sm? (a check script, not a test; see issue 12)

    python benchmarks/compare_tokenizers.py [--out DIR] [FOLDER ...]

Both tokenizers run in one process, on the same rule pack and the same parsed
documents, so rules others change meanwhile cannot blur the comparison:

1. tokens: every body block of every contract, folded as the matcher folds it,
   and every rule phrase, must split into the same tokens at the same offsets
   with the same lexical attributes;
2. entities: the NER loaded on lint.nlp.tokenizer_fr's rules must find the
   same entities (text, label, offsets) in every body block as the NER of
   spacy.load;
3. reports: audit_document with either (tokenizer, NER) pair must give the
   same report: every finding (rule, paragraph, excerpt, message…) and every
   clause status.

Writes DIR/model.json (before: spacy.load's tokenizer and NER) and
DIR/rules.json (after), prints the differences, and exits 1 if there are any. Default
folders: corpus/ and ../shared/contracts/fr/.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".docx", ".pdf", ".odt", ".txt", ".md"}
ATTRS = ("text", "idx", "lower_", "is_alpha", "is_digit", "is_punct", "like_num", "is_stop", "shape_", "prefix_", "suffix_")


def contract_files(folders: list[Path]) -> list[Path]:
    files = []
    for folder in folders:
        files += sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and p.name != "README.md")
    return files


@functools.lru_cache(maxsize=None)
def model_ner():
    """The tokenizer and NER clausier used before issue 12."""
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"])


def model_tokenizer():
    return model_ner().tokenizer


def use(tokenizer, ner) -> None:
    import lint.checks.matching
    import lint.engine
    import lint.nlp.pipeline

    lint.checks.matching.tokenizer = tokenizer
    lint.nlp.pipeline.tokenizer = tokenizer
    lint.nlp.pipeline.load_ner = ner
    lint.engine.matcher_bank.cache_clear()


def entities(nlp, texts: list[str]) -> list[list[tuple]]:
    return [[(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents] for doc in nlp.pipe(texts)]


def tokens(tok, text: str) -> list[tuple]:
    return [tuple(getattr(t, a) for a in ATTRS) for t in tok(text)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/clausier-tokenizers"))
    args = parser.parse_args(argv)
    folders = args.folders or [ROOT / "corpus", ROOT.parent / "shared" / "contracts" / "fr"]

    from lint.engine import audit_document
    from lint.errors import InputError
    from lint.model import BODY_KINDS
    from lint.normalize import fold
    from lint.nlp.pipeline import fold_with_map, load_ner
    from lint.nlp.tokenizer_fr import french_tokenizer
    from lint.parsers import parse
    from lint.ruleset.loader import load_rulepack

    documents = []
    for path in contract_files(folders):
        try:
            documents.append((path, parse(path)))
        except InputError as error:
            print(f"skipped {path}: {error.message}", file=sys.stderr)
    old, new = model_tokenizer(), french_tokenizer()

    # 1. Tokens.
    texts = [fold_with_map(b.text)[0] for _, d in documents for b in d.blocks if b.kind in BODY_KINDS]
    pack = load_rulepack()
    phrases = sorted({fold(p) for node in _leaves(pack) if node.op == "phrases" for p in node.values})
    token_diffs = [t for t in texts + phrases if tokens(old, t) != tokens(new, t)]
    n_tokens = sum(len(new(t)) for t in texts)
    print(f"tokens: {len(texts)} blocks ({n_tokens} tokens) and {len(phrases)} rule phrases, {len(token_diffs)} differ")
    for text in token_diffs[:10]:
        print("  ", text[:120])

    # 2. Entities, on the original text of every body block.
    originals = [b.text for _, d in documents for b in d.blocks if b.kind in BODY_KINDS]
    before, after = entities(model_ner(), originals), entities(load_ner(), originals)
    ner_diffs = [t for t, b, a in zip(originals, before, after) if b != a]
    print(f"entities: {len(originals)} blocks, {sum(map(len, after))} entities, {len(ner_diffs)} blocks differ")
    for text in ner_diffs[:10]:
        print("  ", text[:120])

    # 3. Reports, with the rule pack and documents fixed.
    results = {}
    for name, tokenizer, ner in (("model", model_tokenizer, model_ner), ("rules", french_tokenizer, load_ner)):
        use(tokenizer, ner)
        results[name] = {str(path): audit_document(document).to_dict() for path, document in documents}
    args.out.mkdir(parents=True, exist_ok=True)
    for name, reports in results.items():
        (args.out / f"{name}.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    findings = sum(len(r["findings"]) for r in results["rules"].values())
    clauses = sum(len(r["clauses"]) for r in results["rules"].values())
    report_diffs = [p for p in results["model"] if results["model"][p] != results["rules"][p]]
    print(f"reports: {len(documents)} contracts, {findings} findings, {clauses} clause statuses, {len(report_diffs)} differ")
    for path in report_diffs:
        print("  ", path)
    print(f"written: {args.out}/model.json (before) and {args.out}/rules.json (after)")
    return 1 if token_diffs or ner_diffs or report_diffs else 0


def _leaves(pack):
    from lint.engine import matcher_bank

    bank = matcher_bank(pack, "fr")
    return list(bank._keys.values())


if __name__ == "__main__":
    sys.exit(main())
