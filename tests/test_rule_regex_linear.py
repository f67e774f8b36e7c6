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

    N = 8_000
    UNITS = {
        "fr": [".", "_", "…", "a ", "a, ", "s'interdit de ", "s'engage, a ne pas ", "clients de la societe ",
               "pendant ", "(", "{{", "[", "1.", "1 ", "1 1,", "concurrent "],
        # The English restraint exceptions look ahead from every verb of restraint:
        # a run of verbs with no full stop must not make that quadratic.
        "en": ["shall not ", "shall not, "],
    }
    pack = load_rulepack()
    for lang, units in UNITS.items():
        bank = matcher_bank(pack, lang)
        for text in [(u * (N // len(u) + 1))[:N] for u in units]:
            for pattern in bank._patterns:
                pattern.search(text)
        print("ok", lang, len(bank._patterns))
    """
)


def test_rule_pack_regexes_are_linear_on_adversarial_runs():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    assert done.returncode == 0 and done.stdout.count("ok") == 2, done.stderr[-2000:]
