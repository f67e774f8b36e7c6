#!/usr/bin/env python3
"""Build the clausier sample corpus from the hand-written sources in ./sources.

Each source file is ``sources/<NN-slug>.txt``: a YAML front matter (the expected
labels, without the ``file:`` key) between two ``---`` lines, then the contract
body in a small line-oriented markup:

    @title TEXT         document title (Word "Title" style, or bold centred)
    @center TEXT        centred paragraph          @right TEXT   right-aligned
    @pagebreak          page break
    # TEXT              level-1 heading (article)
    ## TEXT             level-2 heading (sub-article)
    - TEXT              bulleted item ("List Bullet")
    | a | b |           table row (first row of a block = header row)
    **bold**            inline bold
    [[ins:TEXT]]        pending tracked insertion (w:ins)  -- DOCX only
    [[del:TEXT]]        pending tracked deletion (w:del)   -- DOCX only
    <<comment:AUTHOR|TEXT>>  reviewer comment anchored on the paragraph -- DOCX only

How headings are rendered depends on the sample's ``render`` mode:

    styles     Heading 1 / Heading 2 paragraph styles
    bold       Normal paragraphs in bold (no heading style)
    autonum    bold Normal paragraphs carrying a Word numbering definition whose
               level text is "Article %1 -" / "%1.%2": the label is NOT in the text
    listnum    python-docx "List Number" style (numbering from the style)
    plain      no headings at all

Outputs: ``corpus/<slug>/contrat.<ext>`` and ``corpus/<slug>/expected.yml``.
PDF and ODT samples are produced by converting a temporary DOCX with
LibreOffice headless (``soffice --headless --convert-to pdf|odt``); only the
converted file is kept. TXT and MD samples are the body copied verbatim.

Usage:  python corpus/tools/build_corpus.py [slug ...]
"""
from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent
SOURCES = HERE / "sources"

# slug -> (output format, render mode, font)
SAMPLES: dict[str, tuple[str, str, str]] = {
    "01-partenariat-agence-digitale": ("docx", "styles", "Calibri"),
    "02-partenariat-revendeur-saas": ("docx", "styles", "Cambria"),
    "03-partenariat-co-marketing": ("docx", "bold", "Arial"),
    "04-partenariat-co-developpement": ("docx", "autonum", "Times New Roman"),
    "05-partenariat-apporteur-affaires": ("txt", "", ""),
    "06-partenariat-integration-marketplace": ("pdf", "styles", "Calibri"),
    "07-partenariat-contenus-createurs": ("odt", "styles", "Liberation Serif"),
    "08-partenariat-formation-en-ligne": ("md", "", ""),
    "09-partenariat-open-innovation-poc": ("docx", "styles", "Calibri"),
    "10-prestation-developpement-application": ("docx", "listnum", "Calibri"),
    "11-contrat-freelance-developpeur": ("docx", "bold", "Garamond"),
    "12-prestation-tma-maintenance": ("pdf", "styles", "Arial"),
    "13-prestation-audit-securite": ("txt", "", ""),
    "14-nda-mutuel-partenariat": ("docx", "styles", "Calibri"),
    "15-nda-unilateral-startup": ("md", "", ""),
    "16-nda-sans-mot-cle": ("docx", "plain", "Times New Roman"),
    "17-nda-partenaire-etranger": ("pdf", "bold", "Arial"),
    "18-dpa-hebergement-saas": ("docx", "styles", "Calibri"),
    "19-dpa-crm-commentaire": ("docx", "bold", "Calibri"),
    "20-dpa-emailing": ("txt", "", ""),
    "21-dpa-paie-rh": ("odt", "autonum", "Liberation Sans"),
    "22-licence-logiciel-sur-site": ("docx", "autonum", "Cambria"),
    "23-licence-saas-abonnement": ("pdf", "styles", "Calibri"),
    "24-licence-api-donnees": ("md", "", ""),
    "25-licence-marque-contenus": ("docx", "styles", "Arial"),
    "26-cgv-saas-b2b": ("docx", "styles", "Calibri"),
    "27-cgu-plateforme-b2b": ("pdf", "bold", "Times New Roman"),
    "28-cgv-marketing-automation": ("odt", "styles", "Liberation Sans"),
}

NUM_ID = 90  # numbering definition added for the "autonum" render mode


# --------------------------------------------------------------------------- source

def read_source(slug: str) -> tuple[str, list[str]]:
    text = (SOURCES / f"{slug}.txt").read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise SystemExit(f"{slug}: missing front matter")
    end = text.index("\n---\n", 4)
    front = text[4:end + 1]
    body = text[end + 5:]
    return front, body.splitlines()


# --------------------------------------------------------------------------- docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_rev_id = [1000]


def _next_id() -> str:
    _rev_id[0] += 1
    return str(_rev_id[0])


INLINE = re.compile(r"(\*\*.+?\*\*|\[\[ins:.+?\]\]|\[\[del:.+?\]\])")
COMMENT = re.compile(r"<<comment:([^|]+)\|(.+?)>>\s*$")


def add_inline(par, text: str, bold: bool = False):
    """Add runs to ``par`` for ``text`` (bold and tracked-change markup). Returns the runs."""
    runs = []
    for part in INLINE.split(text):
        if not part:
            continue
        if part.startswith("**"):
            r = par.add_run(part[2:-2])
            r.bold = True
            runs.append(r)
        elif part.startswith("[[ins:") or part.startswith("[[del:"):
            kind = "ins" if part.startswith("[[ins:") else "del"
            content = part[6:-2]
            tag = "w:delText" if kind == "del" else "w:t"
            xml = (
                f'<w:{kind} {nsdecls("w")} w:id="{_next_id()}" w:author="Camille Verdier (Juriste)" '
                f'w:date="2026-01-14T10:02:00Z"><w:r>'
                + ("<w:rPr><w:b/></w:rPr>" if bold else "")
                + f'<{tag} xml:space="preserve">{escape(content)}</{tag}></w:r></w:{kind}>'
            )
            par._p.append(parse_xml(xml))
        else:
            r = par.add_run(part)
            if bold:
                r.bold = True
            runs.append(r)
    return runs


def escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_autonum_definition(document):
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="Article %1 \u2013"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>'
        '</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="{NUM_ID}"/></w:num>'))


def set_numbering(par, ilvl: int, num_id: int = NUM_ID):
    ppr = par._p.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def build_docx(slug: str, lines: list[str], mode: str, font: str, out: Path):
    document = docx.Document()
    sec = document.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.3)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(10.5 if font in ("Calibri", "Arial", "Liberation Sans") else 11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Heading 1", "Heading 2", "Title"):
        document.styles[name].font.name = font
    if mode == "autonum":
        add_autonum_definition(document)
    core = document.core_properties
    core.author = "clausier corpus"
    core.title = slug

    table_rows: list[list[str]] = []

    def flush_table():
        if not table_rows:
            return
        ncols = max(len(r) for r in table_rows)
        table = document.add_table(rows=0, cols=ncols)
        table.style = document.styles["Table Grid"]
        for i, row in enumerate(table_rows):
            cells = table.add_row().cells
            for j in range(ncols):
                cell_text = row[j] if j < len(row) else ""
                cells[j].text = ""
                add_inline(cells[j].paragraphs[0], cell_text, bold=(i == 0))
        document.add_paragraph()
        table_rows.clear()

    for raw in lines:
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            table_rows.append(cells)
            continue
        flush_table()
        if not line.strip():
            continue
        comment = None
        m = COMMENT.search(line)
        if m:
            comment = (m.group(1).strip(), m.group(2).strip())
            line = line[: m.start()].rstrip()
        runs = []
        if line.startswith("@title "):
            txt = line[7:]
            if mode == "styles":
                p = document.add_paragraph(style="Title")
                runs = add_inline(p, txt)
            else:
                p = document.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                runs = add_inline(p, txt, bold=True)
                for r in runs:
                    r.font.size = Pt(15)
        elif line.startswith("@center "):
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            runs = add_inline(p, line[8:])
        elif line.startswith("@right "):
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            runs = add_inline(p, line[7:])
        elif line == "@pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        elif line.startswith("#"):
            level = 2 if line.startswith("## ") else 1
            txt = line[level + 1:].strip()
            if mode == "styles":
                p = document.add_paragraph(style=f"Heading {level}")
                runs = add_inline(p, txt)
            elif mode == "bold":
                p = document.add_paragraph()
                p.paragraph_format.space_before = Pt(10)
                p.paragraph_format.keep_with_next = True
                runs = add_inline(p, txt, bold=True)
                if level == 2:
                    for r in runs:
                        r.italic = True
            elif mode == "autonum":
                p = document.add_paragraph()
                p.paragraph_format.space_before = Pt(10 if level == 1 else 4)
                p.paragraph_format.keep_with_next = level == 1
                set_numbering(p, level - 1)
                runs = add_inline(p, txt, bold=(level == 1))
            elif mode == "listnum":
                if level == 1:
                    p = document.add_paragraph(style="List Number")
                    p.paragraph_format.space_before = Pt(10)
                    p.paragraph_format.keep_with_next = True
                    runs = add_inline(p, txt, bold=True)
                else:
                    p = document.add_paragraph()
                    runs = add_inline(p, txt, bold=True)
            else:  # plain: no headings allowed, keep as a normal paragraph
                p = document.add_paragraph()
                runs = add_inline(p, txt)
        elif line.startswith("- "):
            p = document.add_paragraph(style="List Bullet")
            runs = add_inline(p, line[2:])
        else:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            runs = add_inline(p, line)
        if comment and runs:
            document.add_comment(runs, text=comment[1], author=comment[0],
                                 initials="".join(w[0] for w in comment[0].split()[:2]))
    flush_table()
    document.save(out)


# --------------------------------------------------------------------------- main

def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    profile = Path(tempfile.gettempdir()) / "clausier_corpus_lo_profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    return outdir / (src.stem + "." + fmt)


def build(slug: str):
    fmt, mode, font = SAMPLES[slug]
    front, lines = read_source(slug)
    target = CORPUS / slug
    target.mkdir(exist_ok=True)
    for old in target.glob("contrat.*"):
        old.unlink()
    out = target / f"contrat.{fmt}"
    if fmt in ("txt", "md"):
        out.write_text("\n".join(lines).strip() + "\n", encoding="utf-8")
    elif fmt == "docx":
        build_docx(slug, lines, mode, font, out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / "contrat.docx"
            build_docx(slug, lines, mode, font, tmp_docx)
            converted = soffice_convert(tmp_docx, fmt, Path(tmp))
            shutil.move(str(converted), out)
    (target / "expected.yml").write_text(f"file: contrat.{fmt}\n" + front, encoding="utf-8")
    print(f"built {out.relative_to(CORPUS)}")


def main(argv: list[str]) -> int:
    slugs = argv or [s for s in SAMPLES if (SOURCES / f"{s}.txt").exists()]
    for slug in slugs:
        build(slug)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
