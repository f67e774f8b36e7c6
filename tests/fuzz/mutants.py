"""Mutants of the corpus contracts, for the fuzz suite and the long run.

Each mutator is a pure function of the seed's bytes and a `random.Random`,
so hypothesis (which hands us a seeded Random) and the long-run script
produce files the same way, and any failure is replayable from its seed."""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SUFFIXES = (".docx", ".odt", ".pdf", ".txt", ".md")


def seeds() -> list[Path]:
    """One or two corpus contracts per format: small, and each format covered."""
    chosen: list[Path] = []
    for suffix in SUFFIXES:
        chosen += sorted(CORPUS.glob(f"*/contrat{suffix}"))[:2]
    return chosen


# --- byte-level ---------------------------------------------------------------------


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def splice_garbage(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    junk = rng.choice([b"\x00" * 64, b"\xff\xfe" * 32, rng.randbytes(rng.randint(1, 512)), b"<" * 100, b"%PDF" * 8])
    return data[:at] + junk + data[at:]


# --- zip packages (docx, odt) -------------------------------------------------------------


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _pack(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        for info, content in members:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            archive.writestr(name, content)
    return buffer.getvalue()


def delete_entry(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    del members[rng.randrange(len(members))]
    return _pack(members)


def duplicate_entry(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    members.append(members[rng.randrange(len(members))])
    return _pack(members)


def _main_xml(members) -> int:
    for i, (info, _) in enumerate(members):
        if info.filename in ("word/document.xml", "content.xml"):
            return i
    return 0


# XML edits, each a plausible attack on a parser that expands what it reads.
def _huge_numbers(xml: str, rng: random.Random) -> str:
    big = str(rng.choice([2_000_000_000, 10**7, 10**40, -1, 0, 99999]))
    return re.sub(r'(w:val|text:c|text:start-value|table:number-columns-repeated|w:ilvl|text:outline-level)="[^"]*"', lambda m: f'{m.group(1)}="{big}"' if rng.random() < 0.3 else m.group(0), xml)


def _deep_nesting(xml: str, rng: random.Random) -> str:
    depth = rng.choice([50, 300, 3000])
    if "<w:body>" in xml:
        return xml.replace("<w:body>", "<w:body>" + "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth, 1)
    return xml.replace("<office:text>", "<office:text><text:p>" + "<text:span>" * depth + "x" + "</text:span>" * depth + "</text:p>", 1)


def _repeat_spaces(xml: str, rng: random.Random) -> str:
    count = rng.choice([10, 9_999, 10_001, 300_000_000])
    if "text:p" in xml:
        return xml.replace("</text:p>", f'<text:s text:c="{count}"/></text:p>', rng.randint(1, 5000))
    return xml.replace("</w:t>", " " * min(count, 10_000) + "</w:t>", rng.randint(1, 50))


def _lvl_text(xml: str, rng: random.Random) -> str:
    return re.sub(r'w:lvlText w:val="[^"]*"', 'w:lvlText w:val="' + "%1" * rng.choice([3, 200, 10_000]) + '"', xml)


def _entities(xml: str, rng: random.Random) -> str:
    # Billion laughs and external entities: must be neither expanded nor fetched.
    doctype = (
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>'
    )
    xml = re.sub(r"^<\?xml[^>]*\?>", "", xml)
    return '<?xml version="1.0"?>' + doctype + xml.replace("</w:t>", "&c;&x;</w:t>", 3).replace("</text:p>", "&c;&x;</text:p>", 3)


XML_EDITS = (_huge_numbers, _deep_nesting, _repeat_spaces, _lvl_text, _entities)


def edit_xml(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    index = _main_xml(members)
    info, content = members[index]
    xml = content.decode("utf-8", "replace")
    for edit in rng.sample(XML_EDITS, rng.randint(1, 2)):
        xml = edit(xml, rng)
    members[index] = (info, xml.encode("utf-8"))
    if rng.random() < 0.3:  # and the numbering, where lists get their labels
        for i, (other, body) in enumerate(members):
            if other.filename == "word/numbering.xml":
                members[i] = (other, _lvl_text(_huge_numbers(body.decode("utf-8", "replace"), rng), rng).encode())
    return _pack(members)


# --- text ------------------------------------------------------------------------------------


def adversarial_text(data: bytes, rng: random.Random) -> bytes:
    unit = rng.choice(["A", "**a ", "[a", "__a ", "<a", "| ", "# ", " ", "1 ", "Le ", "|--"])
    run = (unit * (rng.choice([1_000, 30_000, 100_000]) // len(unit))).encode()
    at = rng.randrange(len(data))
    return data[:at] + run + data[at:]


def bad_encoding(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([data.decode("utf-8", "replace").encode("utf-16"), b"\xef\xbb\xbf" + data, data.replace(b"e", b"\xe9"), data.replace(b"\n", b"\r")])


# --- PDF ---------------------------------------------------------------------------------


def pdf_structure(data: bytes, rng: random.Random) -> bytes:
    """Damage the objects a PDF reader follows: lengths, references, xref."""
    edits = [
        lambda d: re.sub(rb"/Length \d+", b"/Length 999999999", d, count=rng.randint(1, 5)),
        lambda d: re.sub(rb"(\d+) 0 R", lambda m: b"%d 0 R" % rng.randint(0, 50), d, count=rng.randint(1, 20)),
        lambda d: d.replace(b"xref", b"xrfe", 1),
        lambda d: re.sub(rb"/Count \d+", b"/Count 2147483647", d),
        lambda d: d.replace(b"/Kids [", b"/Kids [2 0 R ", 1),  # the page tree points at itself
    ]
    for edit in rng.sample(edits, rng.randint(1, 3)):
        data = edit(data)
    return data


MUTATORS = {
    ".docx": (flip_bytes, truncate, splice_garbage, delete_entry, duplicate_entry, edit_xml, edit_xml, edit_xml),
    ".odt": (flip_bytes, truncate, splice_garbage, delete_entry, duplicate_entry, edit_xml, edit_xml, edit_xml),
    ".pdf": (flip_bytes, truncate, splice_garbage, pdf_structure, pdf_structure),
    ".txt": (flip_bytes, truncate, adversarial_text, adversarial_text, bad_encoding),
    ".md": (flip_bytes, truncate, adversarial_text, adversarial_text, bad_encoding),
}


def mutate(seed: Path, rng: random.Random) -> tuple[bytes, str]:
    """A mutant of `seed` and the name of the mutator(s) that made it."""
    data = seed.read_bytes()
    names = []
    for _ in range(rng.choice([1, 1, 2])):
        mutator = rng.choice(MUTATORS[seed.suffix])
        try:
            data = mutator(data, rng)
        except Exception:  # noqa: BLE001 - a previous mutation broke the zip (zlib, struct, ...): byte-level damage is enough
            continue
        names.append(mutator.__name__)
        if not data:
            data = b"\x00"
    return data, "+".join(names) or "none"
