"""Fuzzing (issue 10): hypothesis makes mutants of corpus contracts (byte
flips, truncation, zip entries deleted or duplicated, huge attributes, deep
nesting, repeated spaces, entity bombs, damaged PDF objects, adversarial text
runs) and each is audited in the sandbox, as the CLI does.

Every mutant must end with a report: findings, or an error from the fixed
vocabulary on one printable line, never "internal" (a crash or a bug); and
the mutant file is never modified.

CI runs a fixed, derandomised set of examples (well under a minute);
CLAUSIER_FUZZ_EXAMPLES=2000 runs that many random ones. The long run that
records time and memory per file through the real CLI is long_run.py."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import lint.executors  # noqa: E402
from lint import sandbox  # noqa: E402
from lint.errors import ERROR_KINDS, clean_message  # noqa: E402
from lint.executors import AuditTask, run_sandboxed  # noqa: E402
from lint.parsers import Limits  # noqa: E402

from mutants import mutate, seeds  # noqa: E402

CI_EXAMPLES = 24
EXAMPLES = int(os.environ.get("CLAUSIER_FUZZ_EXAMPLES") or CI_EXAMPLES)
LIMITS = Limits(timeout_seconds=30, max_memory_bytes=1024 * 1024 * 1024)

pytestmark = pytest.mark.skipif(not sandbox.available(), reason="the sandbox needs fork (Linux)")


@pytest.fixture(scope="module", autouse=True)
def warm_model():
    # Children fork from this process: loading the model once here spares each of them.
    lint.executors.warm()


def check_mutant(data: bytes, suffix: str, how: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"mutant{suffix}"
        path.write_bytes(data)
        before = hashlib.sha256(data).hexdigest()
        report = run_sandboxed(AuditTask(index=0, path=str(path), limits=LIMITS))
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "the input was modified"
        json.dumps(report.to_dict())  # every report serialises
        if report.error is not None:
            assert report.error.kind in ERROR_KINDS
            assert report.error.kind != "internal", f"{how}: {report.error.message}"
            assert report.error.message == clean_message(report.error.message)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES == CI_EXAMPLES,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(seed=st.sampled_from(seeds()), rng=st.randoms(use_true_random=False))
def test_mutants_of_corpus_contracts_end_cleanly(seed, rng):
    data, how = mutate(seed, rng)
    check_mutant(data, seed.suffix, f"{seed.parent.name}/{seed.name} {how}")
