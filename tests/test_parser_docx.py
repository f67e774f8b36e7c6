"""The DOCX parser: one small built file per feature, then the real files
under shared/contracts (skipped when that folder is absent)."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from lint.errors import InputError
from lint.model import BlockKind
from lint.normalize import fold, normalize_text
from lint.parsers import parse
from lint.parsers.docx import _format_number, parse_docx

try:  # tests/ is a plain folder today; keep working if it becomes a package
    from docx_builders import abstract_num, new_document, num, p, r, rewrite_zip, set_notes, set_numbering
except ImportError:  # pragma: no cover
    from tests.docx_builders import abstract_num, new_document, num, p, r, rewrite_zip, set_notes, set_numbering

CONTRACTS = Path(__file__).resolve().parents[1].parent / "shared" / "contracts"


def save(document, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def texts(doc, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def headings(doc) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in doc.blocks if b.kind == BlockKind.HEADING]


# --- Automatic numbering -----------------------------------------------------------


def test_article_numbering_is_rendered_and_makes_headings(tmp_path):
    body = (
        p("Objet", num=(1, 0))
        + p("Le présent contrat a pour objet la fourniture de services.")
        + p("Confidentialité", num=(1, 0))
        + p("Durée de l'obligation", num=(1, 1))
        + p("Elle dure cinq ans.")
        + p("Portée", num=(1, 1))
        + p("Elle couvre les informations techniques.")
        + p("Résiliation", num=(1, 0))
        + p("Préavis", num=(1, 1))
    )
    document = new_document(body)
    set_numbering(document, abstract_num(0, [("decimal", "Article %1 –"), ("decimal", "%1.%2")]) + num(1, 0))
    doc = parse_docx(save(document, tmp_path))
    assert headings(doc) == [
        (1, "Article 1 – Objet"),
        (1, "Article 2 – Confidentialité"),
        (2, "2.1 Durée de l'obligation"),
        (2, "2.2 Portée"),
        (1, "Article 3 – Résiliation"),
        (2, "3.1 Préavis"),  # the deeper level restarts after a new article
    ]
    assert doc.blocks[1].location.section == ("Article 1 – Objet",)


def test_numbering_formats_overrides_and_bullets(tmp_path):
    numbering = (
        abstract_num(0, [("upperRoman", "%1."), ("lowerLetter", "%2)")])
        + abstract_num(1, [("bullet", "•")])
        + num(1, 0)
        + num(2, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>')
        + num(3, 1)
    )
    body = (
        p("Dispositions générales", num=(1, 0))
        + p("le prix est ferme ;", num=(1, 1))
        + p("le prix est révisable ;", num=(1, 1))
        + p("Dispositions finales", num=(2, 0))
        + p("un point de liste à puce", num=(3, 0))
        + p("sans numéro malgré le style", num=(0, 0))
    )
    document = new_document(body)
    set_numbering(document, numbering)
    doc = parse_docx(save(document, tmp_path))
    assert texts(doc) == [
        "I. Dispositions générales",
        "a) le prix est ferme ;",
        "b) le prix est révisable ;",
        "IV. Dispositions finales",
        "un point de liste à puce",
        "sans numéro malgré le style",
    ]
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == BlockKind.HEADING and kinds[3] == BlockKind.HEADING
    assert kinds[1] == kinds[2] == kinds[4] == BlockKind.LIST_ITEM
    assert kinds[5] == BlockKind.PARAGRAPH


def test_numbering_inherited_from_heading_style(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="ArticleTitle"><w:name w:val="Article Title"/>'
        '<w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    )
    document = new_document(p("Objet", style="ArticleTitle") + p("Durée", style="ArticleTitle"), styles=styles)
    set_numbering(document, abstract_num(0, [("decimal", "ARTICLE %1 -")]) + num(1, 0))
    doc = parse_docx(save(document, tmp_path))
    assert headings(doc) == [(1, "ARTICLE 1 - Objet"), (1, "ARTICLE 2 - Durée")]


@pytest.mark.parametrize(
    "value, fmt, expected",
    [(4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (28, "upperLetter", "BB"), (3, "decimalZero", "03"),
     (1, "ordinal", "1"), (5, "none", "")],
)
def test_number_formats(value, fmt, expected):
    assert _format_number(value, fmt) == expected


def test_list_labels_do_not_make_headings_when_styles_give_the_outline(tmp_path):
    body = (
        p("Documents contractuels", style="Heading1")
        + p("Les documents suivants s'appliquent :")
        + p("Conditions générales", num=(1, 0))
        + p("Convention de service", num=(1, 0))
        + p("Responsabilité", style="Heading1")
        + p("Assurance", style="Heading1")
    )
    document = new_document(body)
    set_numbering(document, abstract_num(0, [("decimal", "%1.")]) + num(1, 0))
    doc = parse_docx(save(document, tmp_path))
    assert [t for _, t in headings(doc)] == ["Documents contractuels", "Responsabilité", "Assurance"]
    assert texts(doc, BlockKind.LIST_ITEM) == ["1. Conditions générales", "2. Convention de service"]


def test_numbered_short_titles_with_text_between_are_headings(tmp_path):
    body = p("Objet", num=(1, 0)) + p("Le contrat porte sur un logiciel.") + p("Durée", num=(1, 0)) + p("Un an.")
    document = new_document(body)
    set_numbering(document, abstract_num(0, [("decimal", "%1.")]) + num(1, 0))
    assert headings(parse_docx(save(document, tmp_path))) == [(1, "1. Objet"), (1, "2. Durée")]


def test_adjacent_list_items_stay_list_items(tmp_path):
    deleted = (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="9" w:author="A"/></w:rPr></w:pPr>'
        '<w:del w:id="8" w:author="A"><w:r><w:delText>Point deux</w:delText></w:r></w:del></w:p>'
    )
    body = p("Point un", num=(1, 0)) + deleted + p("Point trois", num=(1, 0)) + p("Fin de la liste.")
    document = new_document(body)
    set_numbering(document, abstract_num(0, [("decimal", "%1.")]) + num(1, 0))
    doc = parse_docx(save(document, tmp_path))
    # The deleted item takes no number, as in Word's view of the accepted text.
    assert texts(doc, BlockKind.LIST_ITEM) == ["1. Point un", "2. Point trois"]
    assert not headings(doc)


# --- Revisions, comments, notes --------------------------------------------------------


def test_tracked_changes_read_as_accepted(tmp_path):
    body = (
        "<w:p>" + r("Le prix est de ")
        + '<w:del w:id="1" w:author="A"><w:r><w:delText>100</w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="A">' + r("200") + "</w:ins>"
        + r(" euros")
        + '<w:moveFrom w:id="3" w:author="A">' + r(" par an") + "</w:moveFrom>"
        + "</w:p>"
        + '<w:p><w:moveTo w:id="4" w:author="A">' + r("Payable par an.") + "</w:moveTo></w:p>"
    )
    doc = parse_docx(save(new_document(body), tmp_path))
    assert texts(doc) == ["Le prix est de 200 euros", "Payable par an."]
    assert doc.metadata.has_pending_revisions is True


def test_formatting_change_alone_is_a_pending_revision(tmp_path):
    body = '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A"><w:rPr/></w:rPrChange></w:rPr><w:t>Texte</w:t></w:r></w:p>'
    assert parse_docx(save(new_document(body), tmp_path)).metadata.has_pending_revisions is True
    plain = parse_docx(save(new_document(p("Texte")), tmp_path, "plain.docx"))
    assert plain.metadata.has_pending_revisions is False


def test_comments_go_to_metadata_not_text(tmp_path):
    document = new_document()
    paragraph = document.add_paragraph("Le Client paie ")
    run = paragraph.add_run("sous trente jours")
    paragraph.add_run(".")
    document.add_comment(run, text="Délai à confirmer", author="Juriste")
    doc = parse_docx(save(document, tmp_path))
    assert texts(doc) == ["Le Client paie sous trente jours."]
    (comment,) = doc.metadata.comments
    assert (comment.author, comment.text, comment.anchor) == ("Juriste", "Délai à confirmer", "sous trente jours")


def test_footnotes_and_endnotes_skip_separators(tmp_path):
    body = '<w:p>' + r("Voir la loi") + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r(" et le décret") + '<w:r><w:endnoteReference w:id="1"/></w:r></w:p>'
    document = new_document(body)
    set_notes(document, "footnotes", {1: "Loi n° 78-17 du 6 janvier 1978."})
    set_notes(document, "endnotes", {1: "Décret d'application."})
    doc = parse_docx(save(document, tmp_path))
    assert texts(doc, BlockKind.PARAGRAPH) == ["Voir la loi et le décret"]
    assert texts(doc, BlockKind.FOOTNOTE) == ["Loi n° 78-17 du 6 janvier 1978.", "Décret d'application."]


# --- Tables, text boxes, content controls, headers -----------------------------------------


def _cell(content: str, props: str = "") -> str:
    return f"<w:tc>{'<w:tcPr>' + props + '</w:tcPr>' if props else ''}{content}</w:tc>"


def test_tables_nested_and_merged_cells(tmp_path):
    nested = "<w:tbl><w:tr>" + _cell(p("n1")) + _cell(p("n2")) + "</w:tr></w:tbl>"
    table = (
        "<w:tbl>"
        + "<w:tr>" + _cell(p("Titre fusionné"), '<w:gridSpan w:val="2"/>') + _cell(p("C"), '<w:vMerge w:val="restart"/>') + "</w:tr>"
        + "<w:tr>" + _cell(p("A2") + p("suite")) + _cell(p("B2") + nested + p("")) + _cell(p(""), "<w:vMerge/>") + "</w:tr>"
        + "</w:tbl>"
    )
    doc = parse_docx(save(new_document(p("Avant") + table + p("Après")), tmp_path))
    cells = [(b.text, b.cell) for b in doc.blocks if b.kind == BlockKind.TABLE_CELL]
    assert cells == [
        ("Titre fusionné", (0, 0, 0)),
        ("C", (0, 0, 2)),
        ("A2 suite", (0, 1, 0)),
        ("B2", (0, 1, 1)),
        ("n1", (1, 0, 0)),
        ("n2", (1, 0, 1)),
    ]
    assert texts(doc)[0] == "Avant" and texts(doc)[-1] == "Après"


def _grid(rows) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(_cell(p(text)) for text in row) + "</w:tr>" for row in rows) + "</w:tbl>"


def test_two_column_grid_rows_titled_by_their_left_cell(tmp_path):
    """A contract laid out as a grid (« Objet | Stipulation »): each row's left
    cell heads the clause in its right cell, one level under the heading
    around the table; a price grid and a signature table keep their cells."""
    grid = _grid([
        ("Objet", "Stipulation"),
        ("Durée", "Le contrat court du 1er mars 2027 au 28 février 2028, sans reconduction tacite."),
        ("Règlement amiable", "À définir."),
        ("Indicateurs de service", "Le délai de reprise des palettes ne dépasse pas quarante-huit heures ouvrées."),
        ("Juridiction", "Tribunal de commerce de Saint-Nazaire, seul compétent pour tout litige."),
    ])
    prices = _grid([("Stockage", "11,40 € HT"), ("Entrée", "4,20 € HT"), ("Sortie", "4,20 € HT")])
    signatures = _grid([("Pour le Dépositaire", "Pour le Déposant"), ("Le directeur", "La présidente"), ("Signature", "Signature")])
    body = p("Conditions particulières", style="Heading1") + grid + p("Tarifs", style="Heading1") + prices + signatures
    doc = parse_docx(save(new_document(body), tmp_path))
    assert headings(doc) == [
        (1, "Conditions particulières"),
        (2, "Durée"), (2, "Règlement amiable"), (2, "Indicateurs de service"), (2, "Juridiction"),
        (1, "Tarifs"),
    ]
    outline = {s.title: s for top in doc.sections for s in top.walk()}
    duree = outline["Durée"]
    assert [doc.blocks[i].text for i in range(duree.start + 1, duree.end)] == ["Le contrat court du 1er mars 2027 au 28 février 2028, sans reconduction tacite."]
    assert [b.text for b in doc.blocks if b.kind == BlockKind.TABLE_CELL][:2] == ["Objet", "Stipulation"]
    assert "Stockage" in texts(doc, BlockKind.TABLE_CELL) and "Pour le Dépositaire" in texts(doc, BlockKind.TABLE_CELL)


def test_text_box_read_once_despite_vml_fallback(tmp_path):
    box = '<w:txbxContent><w:p><w:r><w:t>Encadré : clause importante</w:t></w:r></w:p></w:txbxContent>'
    body = (
        "<w:p>" + r("Texte principal")
        + "<w:r><mc:AlternateContent>"
        + f'<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        + f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        + "</mc:AlternateContent></w:r></w:p>"
    )
    doc = parse_docx(save(new_document(body), tmp_path))
    assert texts(doc) == ["Texte principal", "Encadré : clause importante"]


def test_content_controls_block_and_inline(tmp_path):
    body = (
        '<w:sdt><w:sdtPr><w:alias w:val="Clause"/></w:sdtPr><w:sdtContent>' + p("Clause dans un contrôle") + "</w:sdtContent></w:sdt>"
        + "<w:p>" + r("Le Client ") + "<w:sdt><w:sdtContent>" + r("ACME SAS") + "</w:sdtContent></w:sdt>" + r(" s'engage.") + "</w:p>"
        + '<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>' + p("Cliquez ici pour taper du texte.") + "</w:sdtContent></w:sdt>"
    )
    doc = parse_docx(save(new_document(body), tmp_path))
    assert texts(doc) == ["Clause dans un contrôle", "Le Client ACME SAS s'engage."]


def test_headers_and_footers_once_each(tmp_path):
    document = new_document(p("Corps du contrat"))
    first = document.sections[0]
    first.header.paragraphs[0].text = "Contrat de prestation"
    first.footer.paragraphs[0].text = "Confidentiel"
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "Contrat de prestation"
    second = document.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Contrat de prestation"
    document.add_paragraph("Suite du contrat")
    doc = parse_docx(save(document, tmp_path))
    assert texts(doc, BlockKind.HEADER) == ["Contrat de prestation"]
    assert texts(doc, BlockKind.FOOTER) == ["Confidentiel"]
    assert texts(doc)[:2] == ["Corps du contrat", "Suite du contrat"]


# --- Inline content ---------------------------------------------------------------------


def test_fields_tabs_breaks_and_hyphens(tmp_path):
    body = (
        "<w:p>" + r("Voir")
        + "<w:r><w:tab/></w:r>"
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("l'article 5")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + "<w:r><w:br/><w:t>sous-</w:t><w:softHyphen/><w:t>traitance</w:t><w:noBreakHyphen/><w:t>ultérieure</w:t></w:r>"
        + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>texte masqué</w:t></w:r>'
        + "</w:p>"
    )
    doc = parse_docx(save(new_document(body), tmp_path))
    assert texts(doc) == ["Voir l'article 5 sous-traitance-ultérieure"]


# --- Headings -------------------------------------------------------------------------------


def test_heading_styles_and_outline_levels(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="ClauseTitle"><w:name w:val="Clause Title"/><w:basedOn w:val="Heading1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="Titre 2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sous"><w:name w:val="Sous clause"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TM1"><w:name w:val="toc 1"/></w:style>'
    )
    body = (
        p("Contrat de licence", style="Title")
        + p("Sommaire : 1. Objet", style="TM1")
        + p("Objet", style="ClauseTitle")
        + p("Périmètre", style="Titre2")
        + p("Exclusions", style="Sous")
        + '<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr>' + r("Garanties") + "</w:p>"
        + p("Ce titre est bien trop long pour en être un : " + "mot " * 30, style="Heading1")
    )
    doc = parse_docx(save(new_document(body, styles=styles), tmp_path))
    assert headings(doc) == [
        (1, "Contrat de licence"),
        (1, "Objet"),
        (2, "Périmètre"),
        (3, "Exclusions"),
        (2, "Garanties"),
    ]


def test_bold_or_capitals_short_paragraph_is_a_heading(tmp_path):
    body = (
        p("Conditions particulières", bold=True)
        + p("Les parties conviennent de ce qui suit.")
        + p("Entre les soussignés :", bold=True)
        + p("Une phrase entière en gras qui continue longtemps et qui finit par un point final.", bold=True)
        + '<w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>Durée du contrat</w:t></w:r></w:p>'
        + p("ET", bold=True)
    )
    doc = parse_docx(save(new_document(body), tmp_path))
    assert headings(doc) == [(1, "Conditions particulières"), (1, "Durée du contrat")]


def test_typed_numbers_make_headings(tmp_path):
    body = p("ARTICLE V - PRIX") + p("Le prix est fixé en annexe.") + p("5.1 Révision") + p("1. le prix est ferme.")
    doc = parse_docx(save(new_document(body), tmp_path))
    assert headings(doc) == [(1, "ARTICLE V - PRIX"), (2, "5.1 Révision")]


# --- Package ------------------------------------------------------------------------------------


def test_metadata_title_and_pages(tmp_path):
    document = new_document(p("Texte"))
    document.core_properties.title = "Contrat cadre"
    doc = parse_docx(save(document, tmp_path))
    assert doc.metadata.title == "Contrat cadre"
    assert doc.metadata.page_count == 1  # python-docx's template says <Pages>1</Pages>


def test_a_docx_under_a_doc_name_is_read_as_what_it_is(tmp_path):
    # It was refused as a legacy .doc with advice to save it as .docx, which it already is.
    source = save(new_document(p("Article 1 - Objet") + p("Le prestataire livre le logiciel.")), tmp_path)
    renamed = tmp_path / "contrat.doc"
    renamed.write_bytes(source.read_bytes())
    assert [b.text for b in parse(renamed).blocks] == [b.text for b in parse(source).blocks]


def test_no_core_properties_means_no_metadata_title(tmp_path):
    # Google Docs exports have no docProps/core.xml; python-docx then invents
    # one titled "Word Document", which must not become the contract's title.
    source = save(new_document(p("CONTRAT DE PRESTATION") + p("Le prestataire livre le logiciel.")), tmp_path)
    rels = zipfile.ZipFile(source).read("_rels/.rels").decode()
    rels = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", rels)
    target = tmp_path / "sans-proprietes.docx"
    rewrite_zip(source, target, {"docProps/core.xml": None, "_rels/.rels": rels.encode()})
    with_core = parse_docx(source)
    without_core = parse_docx(target)
    assert with_core.metadata.title  # python-docx's template has a title of its own
    assert without_core.metadata.title == without_core.blocks[0].text  # the document's own first line


@pytest.mark.parametrize(
    "suffix, content_type",
    [
        (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
        (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    ],
)
def test_templates_and_macro_documents_read_like_docx(tmp_path, suffix, content_type):
    source = save(new_document(p("Article 1 - Objet")), tmp_path)
    types = zipfile.ZipFile(source).read("[Content_Types].xml").decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", content_type)
    target = tmp_path / f"modele{suffix}"
    rewrite_zip(source, target, {"[Content_Types].xml": types.encode()})
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    doc = parse(target)
    assert headings(doc) == [(1, "Article 1 - Objet")]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_missing_main_document_is_corrupt(tmp_path):
    source = save(new_document(p("Texte")), tmp_path)
    target = tmp_path / "broken.docx"
    rewrite_zip(source, target, {"word/document.xml": None})
    with pytest.raises(InputError) as error:
        parse(target)
    assert error.value.kind == "corrupt"


def test_eighty_pages_keep_their_numbered_headings(tmp_path):
    article = abstract_num(0, [("decimal", "Article %1 –"), ("decimal", "%1.%2")]) + num(1, 0)
    clause = (
        '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>'
        + "".join(r(f"Le Prestataire s'engage, mot {i}, ") for i in range(12))
        + "</w:p>"
    )
    # About 50,000 words in 90 articles: an 80-page contract.
    body = "".join(p(f"Titre {i}", num=(1, 0)) + p("Sous-titre", num=(1, 1)) + clause * 8 for i in range(90))
    document = new_document(body)
    set_numbering(document, article)
    path = save(document, tmp_path)
    # (Its speed belongs to benchmarks/bench.py; a timed assertion fails on a loaded machine.)
    doc = parse_docx(path)
    assert len(headings(doc)) == 180


# --- Real files -----------------------------------------------------------------------------------

# Files that cannot give text, with the error each must give.
EXPECTED_ERRORS = {
    "tricky/mammoth.js/empty.docx": "empty",
    "tricky/mammoth.js/external-picture.docx": "empty",
    # Text only in the page header: no contract text in the body.
    "tricky/docx2python/nested_paragraphs_in_header.docx": "empty",
}


def _real_docx() -> list[str]:
    if not CONTRACTS.is_dir():
        return []
    found = []
    for folder in ("tricky", "fr"):
        for path in sorted((CONTRACTS / folder).rglob("*")):
            if path.suffix.lower() in (".docx", ".dotx"):
                found.append(path.relative_to(CONTRACTS).as_posix())
    return found


def real(relative: str) -> Path:
    path = CONTRACTS / relative
    if not path.exists():
        pytest.skip(f"{relative} not available")
    return path


@pytest.mark.parametrize("relative", _real_docx() or ["(shared/contracts absent)"])
def test_real_files_parse_or_give_their_error(relative):
    path = real(relative)
    expected = EXPECTED_ERRORS.get(relative)
    if expected:
        with pytest.raises(InputError) as error:
            parse(path)
        assert error.value.kind == expected
        return
    doc = parse(path)
    assert any(b.text for b in doc.blocks)


def test_real_track_changes():
    assert parse(real("tricky/mammoth.js/track-changes-test.docx")).metadata.has_pending_revisions


@pytest.mark.parametrize("relative", ["tricky/mammoth.js/comments.docx", "tricky/docx2python/test_file_with_comments.docx"])
def test_real_comments(relative):
    doc = parse(real(relative))
    assert doc.metadata.comments
    assert all(c.text for c in doc.metadata.comments)
    for comment in doc.metadata.comments:
        assert comment.text not in doc.text


@pytest.mark.parametrize("relative", ["tricky/mammoth.js/footnotes.docx", "tricky/mammoth.js/endnotes.docx"])
def test_real_notes(relative):
    assert texts(parse(real(relative)), BlockKind.FOOTNOTE)


def test_real_google_docs_export_keeps_its_own_title():
    # No core properties in the package: the title is read from the document.
    doc = parse(real("fr-2/06-nda-fr-digital-prestations.docx"))
    assert doc.metadata.title in {b.text for b in doc.blocks}


def test_real_template_dotx():
    doc = parse(real("tricky/Cloud-Temple_docs/CT.AM.JUR.TEMPLATE_CS.dotx"))
    assert doc.metadata.title == "Convention de service"
    assert headings(doc)


_LABEL = re.compile(r"^(?:article\s+[0-9]+\s*[:.\-–]?|[0-9]+(?:\.[0-9]+)*\.?)\s*", re.I)


def _heading_key(text: str) -> str:
    return fold(_LABEL.sub("", normalize_text(text))).strip(" .:")


@pytest.mark.parametrize(
    "markdown, word",
    [("cgvu.md", "cgvu_20250502.docx"), ("dpa.md", "dpa.docx"), ("sla_iaas.md", "sla_iaas.docx")],
)
def test_french_docx_headings_match_their_markdown(markdown, word):
    folder = "fr/Cloud-Temple_docs/"
    md_path, docx_path = real(folder + markdown), real(folder + word)
    found = {_heading_key(text) for _, text in headings(parse(docx_path))}
    expected = [
        line.lstrip("#").strip()
        for line in md_path.read_text(encoding="utf-8").splitlines()
        if re.match(r"^#{1,6}\s", line)
    ]
    # Compare the article and numbered headings when the Markdown has them
    # (its title line is no article); cgvu.md and sla_iaas.md number none.
    expected = [h for h in expected if re.match(r"^(article\s|[0-9])", h, re.I)] or expected
    hits = [h for h in expected if _heading_key(h) in found]
    assert len(hits) >= 0.8 * len(expected), sorted(set(expected) - set(hits))
