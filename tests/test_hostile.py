"""Issue 10: hostile input. One regression test (or more) per defect found by
the fuzzing campaign against 0ecc0f8, numbered as in the issue.

Nothing here times a run: where a defect was slowness, the command runs with
a generous --timeout as a hang guard, and the test asserts that the file was
*not* reported as a timeout (or, for the sandbox itself, that it was)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import logging
import os
import shutil
import stat
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import lint.executors
from lint import sandbox
from lint.batch import BatchSettings, run_batch
from lint.cache import ReportCache, SECRET_NAME
from lint.cli import main
from lint.errors import InputError, clean_message
from lint.executors import run_task
from lint.parsers import parse

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))
import hostile  # noqa: E402

from conftest import CORPUS  # noqa: E402
from forked_calls import CallLog  # noqa: E402

TEXT_SAMPLE = CORPUS / "13-prestation-audit-securite" / "contrat.txt"
DOCX_SAMPLE = CORPUS / "01-partenariat-agence-digitale" / "contrat.docx"
needs_sandbox = pytest.mark.skipif(not sandbox.available(), reason="the sandbox needs fork (Linux)")


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSIER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def calls(tmp_path, monkeypatch) -> CallLog:
    """Every audit that starts (they run in forked children)."""
    log = CallLog(tmp_path / "calls.log")
    monkeypatch.setattr(lint.executors, "run_task", log.wrap(run_task))
    return log


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def error_lines(result) -> list[str]:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("clausier: ") for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    return lines


def one_error(result, kind: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = error_lines(result)
    assert len(lines) == 1 and f"error [{kind}]" in lines[0], lines
    return lines[0]


# --- 1. unbounded memory in PDF rendering ---------------------------------------------


@needs_sandbox
@pytest.mark.parametrize("command", ["extract", "audit"])
def test_1_pdf_whose_xobjects_draw_each_other_stops_at_the_memory_cap(tmp_path, command):
    pdf = hostile.xobject_cycle_pdf(tmp_path / "cycle.pdf")
    result = run(command, str(pdf), "--max-memory", "512M", "--timeout", "30")
    one_error(result, "memory")


@needs_sandbox
def test_1_in_a_batch_only_the_bomb_fails_and_says_memory(tmp_path):
    pdf = hostile.xobject_cycle_pdf(tmp_path / "cycle.pdf")
    shutil.copy(TEXT_SAMPLE, tmp_path / "ok.txt")
    result = run("audit", "--jobs", "2", "--max-memory", "512M", "--format", "json", str(tmp_path / "ok.txt"), str(pdf))
    documents = json.loads(result.stdout)["documents"]
    assert [d["error"]["kind"] if d["error"] else None for d in documents] == [None, "memory"]


# --- 2. no time limit on a single file; superlinear regexes -----------------------------


@needs_sandbox
def test_2_a_single_file_audit_is_killed_at_its_time_limit(tmp_path, monkeypatch):
    def hang(task):
        import time

        time.sleep(600)

    monkeypatch.setattr(lint.executors, "run_task", hang)  # runs in the forked child
    shutil.copy(TEXT_SAMPLE, tmp_path / "c.txt")
    line = one_error(run("audit", str(tmp_path / "c.txt"), "--timeout", "1"), "timeout")
    assert "c.txt" in line


@needs_sandbox
def test_2_a_child_that_crashes_is_one_internal_error(tmp_path, monkeypatch):
    def crash(task):
        import faulthandler
        import signal

        faulthandler.disable()
        os.kill(os.getpid(), signal.SIGSEGV)

    monkeypatch.setattr(lint.executors, "run_task", crash)
    shutil.copy(TEXT_SAMPLE, tmp_path / "c.txt")
    one_error(run("audit", str(tmp_path / "c.txt")), "internal")


@needs_sandbox
@pytest.mark.parametrize(
    "name, text",
    [
        ("capitales.txt", "A" * 30_000),
        ("emphase.md", "**a " * 25_000),
        ("liens.md", "[a" * 50_000),
        ("soulignes.md", "__a " * 25_000),
        ("balises.md", "<a" * 50_000),
        ("titre.md", "# " + " " * 50_000 + "x"),
    ],
)
def test_2_long_adversarial_lines_are_read_well_within_the_limit(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(f"{text}\n\nLe Prestataire s'engage à livrer le logiciel au Client.\n", encoding="utf-8")
    # A hang guard, not a timing: these took 12 to 44 s before the fix.
    result = run("audit", str(path), "--timeout", "20", "--format", "json")
    assert "error [timeout]" not in result.stderr


def test_2_a_list_label_of_385000_letters_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        parse(hostile.letter_counter_docx(tmp_path / "lettres.docx", 10_000_000))
    assert caught.value.kind == "too-large-expanded"


def test_2_a_text_file_just_under_the_size_limit_is_refused_by_the_text_budget(tmp_path):
    path = tmp_path / "gros.txt"
    path.write_text("Le Prestataire livre.\n" * 500_000, encoding="utf-8")  # 11 MB of text
    with pytest.raises(InputError) as caught:
        parse(path)
    assert caught.value.kind == "too-large" and "characters of text" in caught.value.message


# --- 3. small files that expand past every limit ---------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda d: hostile.letter_counter_docx(d / "compteur.docx", 2_000_000_000),
        lambda d: hostile.repeated_label_docx(d / "etiquette.docx"),
        lambda d: hostile.space_run_odt(d / "espaces.odt"),
        lambda d: hostile.space_run_odt(d / "espaces-repetes.odt", 9_000, 2_000),
        lambda d: hostile.nested_tables_docx(d / "tableaux.docx"),
    ],
    ids=["letter-counter", "repeated-%1", "text-s-count", "many-text-s", "nested-tables"],
)
def test_3_expansions_are_refused_before_they_are_built(tmp_path, build):
    path = build(tmp_path)
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(InputError) as caught:
        parse(path)
    assert caught.value.kind == "too-large-expanded"


def test_3_ordinary_lists_and_spaces_still_read(tmp_path):
    document = parse(hostile.letter_counter_docx(tmp_path / "liste.docx", 27))
    assert document.blocks[0].text.startswith("AA.")
    odt = hostile.space_run_odt(tmp_path / "espaces.odt", 3)
    assert "fournir" in parse(odt).blocks[0].text


# --- 4. --output onto the input --------------------------------------------------------


@pytest.mark.parametrize("option", ["--output", "-o"])
def test_4_output_onto_an_input_is_refused_before_the_audit(tmp_path, calls, option):
    contract = tmp_path / "n.md"
    shutil.copy(TEXT_SAMPLE, contract)
    before = contract.read_bytes()
    os.link(contract, tmp_path / "lien.md")
    for dest in (contract, tmp_path / "lien.md", tmp_path / "." / "n.md"):
        result = run("audit", str(contract), "--format", "json", option, str(dest))
        assert result.exit_code == 2 and "refusing to overwrite" in one_error_line(result)
    assert contract.read_bytes() == before and len(calls) == 0


def test_4_annotate_onto_its_input_is_refused(tmp_path):
    contract = tmp_path / "c.docx"
    shutil.copy(DOCX_SAMPLE, contract)
    before = contract.read_bytes()
    result = run("audit", str(contract), "--annotate", str(contract))
    assert result.exit_code == 2 and contract.read_bytes() == before


def one_error_line(result) -> str:
    lines = error_lines(result)
    assert len(lines) == 1, lines
    return lines[0]


# --- 5. file names that are not UTF-8 ---------------------------------------------------


@pytest.fixture
def non_utf8_folder(tmp_path) -> Path:
    folder = tmp_path / "lot"
    folder.mkdir()
    shutil.copy(TEXT_SAMPLE, folder / "a.txt")
    try:
        with open(os.path.join(os.fsencode(folder), b"contrat-\xff.txt"), "wb") as handle:
            handle.write(TEXT_SAMPLE.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "csv", "html", "sarif", "markdown", "text"])
def test_5_a_name_that_is_not_utf8_keeps_the_whole_report(non_utf8_folder, tmp_path, fmt):
    out = tmp_path / f"rapport.{fmt}"
    result = run("audit", str(non_utf8_folder), "--format", fmt, "--output", str(out))
    assert result.exit_code in (0, 1), result.stderr
    text = out.read_bytes().decode("utf-8")  # valid UTF-8
    if fmt == "json":
        paths = [d["path"] for d in json.loads(text)["documents"]]
        assert any(p.endswith("contrat-\udcff.txt") for p in paths)
    elif fmt == "csv":
        names = [row["chemin"] for row in csv.DictReader(io.StringIO(text))]
        assert any(n.endswith("contrat-\ufffd.txt") for n in names)


def test_5_json_on_stdout_is_valid_utf8(non_utf8_folder):
    result = run("audit", str(non_utf8_folder), "--format", "json")
    json.loads(result.stdout_bytes.decode("utf-8"))


# --- 6. symlink loop in a folder -------------------------------------------------------


def test_6_a_symlink_loop_is_an_error_row_not_an_abort(tmp_path):
    folder = tmp_path / "lot"
    folder.mkdir()
    shutil.copy(TEXT_SAMPLE, folder / "a.txt")
    os.symlink("b.docx", folder / "a.docx")
    os.symlink("a.docx", folder / "b.docx")
    for fmt in ("json", "html"):
        out = tmp_path / f"rapport.{fmt}"
        result = run("audit", str(folder), "--format", fmt, "-o", str(out))
        assert result.exit_code == 2 and "Traceback" not in result.stderr
    documents = json.loads((tmp_path / "rapport.json").read_text())["documents"]
    kinds = {Path(d["path"]).name: d["error"]["kind"] if d["error"] else None for d in documents}
    assert kinds == {"a.docx": "unreadable", "b.docx": "unreadable", "a.txt": None}


# --- 7. output paths that cannot be written ---------------------------------------------


def _unwritable(tmp_path) -> list[str]:
    a_file = tmp_path / "fichier"
    a_file.write_text("x")
    paths = [str(a_file / "rapport.json"), "/dev/null/rapport.json"]
    if Path("/proc/self").is_dir():
        paths.append("/proc/rapport.json")
    return paths


@pytest.mark.parametrize("option", ["--output", "--annotate"])
def test_7_an_unwritable_destination_is_one_line_before_the_audit(tmp_path, calls, option):
    contract = tmp_path / "c.docx"
    shutil.copy(DOCX_SAMPLE, contract)
    for dest in _unwritable(tmp_path):
        result = run("audit", str(contract), "--format", "json", option, dest)
        assert result.exit_code == 2, (dest, result.stderr)
        assert "cannot write" in one_error_line(result)
    assert len(calls) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_7_a_pipe_or_device_is_written_in_place_not_replaced(tmp_path):
    # `-o /dev/null` renamed the report over /dev/null: as root, the device
    # became a regular file for every program on the machine. A named pipe
    # stands for any device or pipe here, as mknod needs root.
    import stat
    import threading

    pipe = tmp_path / "tube"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("audit", str(DOCX_SAMPLE), "--format", "json", "-o", str(pipe))
    reader.join(timeout=120)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert json.loads(received[0])["documents"][0]["error"] is None


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_7_a_read_only_folder(tmp_path):
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("audit", str(TEXT_SAMPLE), "-o", str(folder / "r.json"))
        assert result.exit_code == 2 and "cannot write" in one_error_line(result)
    finally:
        folder.chmod(0o755)


def test_7_reports_respect_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        out = tmp_path / "rapport.json"
        run("audit", str(TEXT_SAMPLE), "--format", "json", "-o", str(out))
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(previous)


# --- 8. a zip entry flagged UTF-8 whose name is not -----------------------------------


@pytest.mark.parametrize("command", ["extract", "audit"])
def test_8_a_non_utf8_entry_name_is_a_corrupt_file(tmp_path, command):
    path = hostile.non_utf8_name_zip(tmp_path / "nom.docx")
    one_error(run(command, str(path)), "corrupt")


# --- 9. the cache trusts what it reads --------------------------------------------------


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


FORGERIES = {
    "string-report": lambda r: "rapport",
    "no-findings": lambda r: {**r, "findings": [], "clauses": []},  # a forged clean bill of health
    "int-location": lambda r: {**r, "clauses": [{**r["clauses"][0], "location": 3}]},
    "string-confidence": lambda r: {**r, "clauses": [{**r["clauses"][0], "confidence": "0.9"}]},
    "ansi-kind": lambda r: {**r, "error": {"kind": "\x1b[31mrouge\nligne", "message": "x"}},
    "deep": lambda r: "DEEP",
}


def _payload(forgery: str, report: dict) -> bytes:
    forged = FORGERIES[forgery](report)
    if forged == "DEEP":
        return b'{"format": 2, "report": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return json.dumps({"format": 2, "report": forged}).encode()


@pytest.mark.parametrize("signed", [False, True], ids=["edited", "edited-and-re-signed"])
@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_9_an_edited_cache_entry_is_ignored_deleted_and_recomputed(tmp_path, forgery, signed):
    cache_dir = tmp_path / "cache"
    first = run("audit", str(TEXT_SAMPLE), "--format", "json")
    [entry] = _entries(cache_dir)
    mac, _, payload = entry.read_bytes().partition(b"\n")
    forged = _payload(forgery, json.loads(payload)["report"])
    if signed:
        # Someone holding the secret: the HMAC passes, the shape check must not.
        if forgery == "no-findings":
            pytest.skip("a well-formed entry signed with the user's own secret is, by design, trusted")
        secret = (cache_dir / SECRET_NAME).read_bytes()
        mac = hmac.new(secret, entry.stem.encode() + b"\0" + forged, hashlib.sha256).hexdigest().encode()
    entry.write_bytes(mac + b"\n" + forged)
    second = run("audit", str(TEXT_SAMPLE), "--format", "json")
    assert second.exit_code == first.exit_code and "Traceback" not in second.stderr
    assert json.loads(second.stdout)["documents"] == json.loads(first.stdout)["documents"]
    # Deleted and written again by the recomputation.
    [again] = _entries(cache_dir)
    assert again.read_bytes().partition(b"\n")[2] != forged


def test_9_the_secret_and_folder_are_private(tmp_path):
    run("audit", str(TEXT_SAMPLE))
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / SECRET_NAME).stat().st_mode) == 0o600
    assert all(stat.S_IMODE(e.stat().st_mode) == 0o600 for e in _entries(folder))


def test_9_a_cache_folder_writable_by_others_is_refused_with_a_warning(tmp_path, calls):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o777)
    for _ in range(2):
        result = run("audit", str(TEXT_SAMPLE))
        assert "warning: cache folder" in result.stderr and "writable" not in result.stdout
    assert len(calls) == 2 and not _entries(folder)


def test_9_error_kinds_printed_are_a_fixed_vocabulary():
    from lint.cli import _error_line

    line = _error_line("\x1b[2J\nfaux", "message\x1b[31m\nsur deux lignes\r")
    assert line == "clausier: error [internal]: message [31m sur deux lignes"


# --- 10. errors that are not one line ---------------------------------------------------


def test_10_a_nul_byte_in_document_xml_is_one_line(tmp_path):
    path = hostile.nul_in_document_docx(tmp_path / "nul.docx", DOCX_SAMPLE)
    for command in ("extract", "audit"):
        one_error(run(command, str(path)), "corrupt")


def test_10_a_file_name_with_a_newline_is_printed_on_one_line(tmp_path):
    path = tmp_path / "deux\nlignes\x1b[31m.docx"
    path.write_bytes(b"pas un zip")
    for command in ("extract", "audit"):
        line = one_error(run(command, str(path)), "not-a-zip")
        assert "deux lignes" in line


def test_10_library_warnings_are_captured_not_printed(capfd):
    sandbox.capture_library_warnings()
    logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
    logging.getLogger("pdfminer.psparser").error("bad token")
    assert capfd.readouterr().err == ""


def test_10_clean_message_is_one_printable_line():
    assert clean_message("a\nb\x00c\u202ed\x1b[0m") == "a b c d [0m"
    assert clean_message("nom-\udcff.txt") == "nom-\ufffd.txt"


# --- 11. a wrong message ----------------------------------------------------------------


def test_11_a_ratio_refusal_names_the_ratio(tmp_path):
    bomb = tmp_path / "ratio.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(InputError) as caught:
        parse(bomb)
    assert caught.value.kind == "zip-bomb"
    assert "times" in caught.value.message and "over the limit of 300 MiB" not in caught.value.message


# --- batches keep working ----------------------------------------------------------------


@needs_sandbox
def test_a_batch_in_the_sandbox_keeps_order_and_partial_results(tmp_path):
    folder = tmp_path / "lot"
    folder.mkdir()
    shutil.copy(TEXT_SAMPLE, folder / "a.txt")
    hostile.letter_counter_docx(folder / "b.docx", 2_000_000_000)
    shutil.copy(TEXT_SAMPLE, folder / "c.txt")
    files = sorted(folder.iterdir())
    result = run_batch(files, BatchSettings(jobs=1))
    assert [d.error.kind if d.error else None for d in result.documents] == [None, "too-large-expanded", None]


# --- found by the long fuzz run ------------------------------------------------------------


def test_a_huge_outline_level_is_clamped_before_anything_indents_by_it(tmp_path):
    # text:outline-level="2000000000": extract indented the outline by it (23 GB in the
    # parent, outside the sandbox, before rendering moved into the child).
    path = hostile.odt(
        tmp_path / "niveau.odt",
        f'<text:h text:outline-level="2000000000">Objet</text:h><text:p>{hostile.CLAUSE}</text:p>',
    )
    assert max(b.level for b in parse(path).blocks) <= 10
    result = run("extract", str(path))
    assert result.exit_code == 0 and "Objet" in result.stdout


# --- a file this user may not read --------------------------------------------------------


def _as_another_user(function, *args) -> str:
    """function(*args) as a user without read permission on the files made
    for it, returning what it returns (a string). Root reads any file, so as
    root it runs in a forked child that has become `nobody`."""
    if os.geteuid() != 0:
        return function(*args)
    if not hasattr(os, "fork"):
        pytest.skip("needs fork to drop root")
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        status = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            with os.fdopen(write_end, "w") as out:
                out.write(function(*args))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        result = answer.read()
    os.waitpid(child, 0)
    return result


@pytest.fixture
def private_file():
    """A copy of the DOCX sample with mode 000 in a folder anyone may enter,
    so that stat works and only opening fails."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="clausier-perm-"))
    try:
        folder.chmod(0o777)
        target = folder / "privé.docx"
        shutil.copy(DOCX_SAMPLE, target)
        target.chmod(0)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _parse_kind(path: Path) -> str:
    try:
        parse(path)
    except InputError as error:
        return error.kind
    return "read"


def test_no_permission_is_unreadable_not_corrupt(private_file):
    from lint.parsers import load_parsers

    load_parsers()  # the other user may not read the folders the parsers are imported from
    assert _as_another_user(_parse_kind, private_file) == "unreadable"


def test_a_file_without_read_permission_named_alone_gets_one_error_line(tmp_path, monkeypatch):
    # click's own readability check printed three lines of usage text and no
    # error kind. Root reads any file, so "this user may not read it" is
    # simulated where the two checks look: click's os.access and the parser's open.
    import errno

    import click.types

    import lint.parsers

    path = tmp_path / "privé.docx"
    shutil.copy(DOCX_SAMPLE, path)
    real_access = os.access
    monkeypatch.setattr(click.types.os, "access", lambda p, mode, *a, **k: False if Path(p) == path else real_access(p, mode, *a, **k))

    def refuse(file, *args):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))

    monkeypatch.setattr(lint.parsers, "_sniff", refuse)
    result = run("audit", str(path), "--no-cache", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["documents"][0]["error"]["kind"] == "unreadable"
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("clausier: error [unreadable]")
