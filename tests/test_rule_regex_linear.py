"""Every regex of the rule pack, word classes expanded, stays linear on long
adversarial runs (dots of a table of contents, underscores of a blank, a
restriction verb repeated…). No timing is asserted: the patterns run in a
child process under a hard guard far above what linear passes need; a
backtracking class (a run of dots took seconds once) trips it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HANG_GUARD_SECONDS = 120

SCRIPT = textwrap.dedent(
    """
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    bank = matcher_bank(load_rulepack(), "fr")
    N = 8_000
    units = [".", "_", "…", "a ", "a, ", "s'interdit de ", "s'engage, a ne pas ", "clients de la societe ",
             "pendant ", "(", "{{", "[", "1.", "1 ", "1 1,", "concurrent "]
    strings = [(u * (N // len(u) + 1))[:N] for u in units]
    for text in strings:
        for pattern in bank._patterns:
            pattern.search(text)
    print("ok", len(bank._patterns))
    """
)


def test_rule_pack_regexes_are_linear_on_adversarial_runs():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    assert done.returncode == 0 and done.stdout.startswith("ok"), done.stderr[-2000:]


ENGLISH_SCRIPT = textwrap.dedent(
    """
    from lint.engine import matcher_bank
    from lint.ruleset.loader import load_rulepack

    bank = matcher_bank(load_rulepack(), "en")
    N = 8_000
    units = ["shall not ", "shall not, ", "employees of "]
    strings = [(u * (N // len(u) + 1))[:N] for u in units]
    for text in strings:
        for pattern in bank._patterns:
            pattern.search(text)
    print("ok", len(bank._patterns))
    """
)


def test_english_rule_pack_regexes_are_linear_on_adversarial_runs():
    """The English pack's restraint exceptions look ahead from every verb of
    restraint: a run of verbs with no full stop must not make that quadratic."""
    done = subprocess.run([sys.executable, "-c", ENGLISH_SCRIPT], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    assert done.returncode == 0 and done.stdout.startswith("ok"), done.stderr[-2000:]
