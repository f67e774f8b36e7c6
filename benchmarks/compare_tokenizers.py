#!/usr/bin/env python3
"""Do the rules match the same with lint.nlp.tokenizer_fr as with the tokenizer
of fr_core_news_sm? (a check script, not a test; see issue 12)

    python benchmarks/compare_tokenizers.py [--out DIR] [FOLDER ...]

Both tokenizers run in one process, on the same rule pack and the same parsed
documents, so rules others change meanwhile cannot blur the comparison:

1. tokens: every body block of every contract, folded as the matcher folds it,
   and every rule phrase, must split into the same tokens at the same offsets
   with the same lexical attributes;
2. reports: audit_document with either tokenizer must give the same report:
   every finding (rule, paragraph, excerpt, message…) and every clause status.

Writes DIR/model.json (before: the model's tokenizer) and DIR/rules.json
(after), prints the differences, and exits 1 if there are any. Default
folders: corpus/ and ../shared/contracts/fr/.
"""

from __future__ import annotations

import argparse
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


def model_tokenizer():
    """The tokenizer clausier matched with before issue 12."""
    from lint.nlp.pipeline import load_ner

    return load_ner().tokenizer


def use_tokenizer(factory) -> None:
    import lint.checks.matching
    import lint.engine
    import lint.nlp.pipeline

    lint.checks.matching.tokenizer = factory
    lint.nlp.pipeline.tokenizer = factory
    lint.engine.matcher_bank.cache_clear()


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
    from lint.nlp.pipeline import fold_with_map
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

    # 2. Reports, with the rule pack and documents fixed.
    results = {}
    for name, factory in (("model", model_tokenizer), ("rules", french_tokenizer)):
        use_tokenizer(factory)
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
    return 1 if token_diffs or report_diffs else 0


def _leaves(pack):
    from lint.engine import matcher_bank

    bank = matcher_bank(pack, "fr")
    return list(bank._keys.values())


if __name__ == "__main__":
    sys.exit(main())
