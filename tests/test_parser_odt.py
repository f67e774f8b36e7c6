"""ODT parser: small packages built here, plus the real sample when present."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from lint.errors import InputError
from lint.model import BlockKind
from lint.parsers import parse
from lint.parsers.odt import parse_odt

CONTRACTS = Path(__file__).resolve().parents[1].parent / "shared" / "contracts"

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'office:version="1.3"'
)

_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {_NS}>
  <office:styles>
    <style:style style:name="Heading" style:family="paragraph"/>
    <text:outline-style style:name="Outline">
      <text:outline-level-style text:level="1" style:num-format="1" style:num-suffix="."/>
      <text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2"/>
    </text:outline-style>
  </office:styles>
  <office:master-styles>
    <style:master-page style:name="Standard">
      <style:header><text:p>ACME – Contrat de prestation</text:p></style:header>
      <style:footer><text:p>Confidentiel</text:p></style:footer>
    </style:master-page>
    <style:master-page style:name="Other">
      <style:header><text:p>ACME – Contrat de prestation</text:p></style:header>
    </style:master-page>
  </office:master-styles>
</office:document-styles>
"""

_BODY = """
<text:tracked-changes>
  <text:changed-region text:id="ct1">
    <text:deletion>
      <office:change-info><dc:creator>Relecteur</dc:creator></office:change-info>
      <text:p>Clause supprimée de non-concurrence mondiale.</text:p>
    </text:deletion>
  </text:changed-region>
</text:tracked-changes>
<text:h text:outline-level="1">Objet</text:h>
<text:p>Le Prestataire<text:s text:c="3"/>fournit<text:tab/>le service<text:line-break/>décrit en annexe.<text:change text:change-id="ct1"/></text:p>
<text:h text:outline-level="2">Périmètre</text:h>
<text:p>Le service couvre l'hébergement<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Hors sauvegardes externes.</text:p></text:note-body></text:note> des données.</text:p>
<text:p>Voir la liste :<office:annotation><dc:creator>Juriste</dc:creator><text:p>Préciser les délais.</text:p></office:annotation> ci-dessous.</text:p>
<text:list text:style-name="Numbered">
  <text:list-item><text:p>premier engagement ;</text:p></text:list-item>
  <text:list-item><text:p>second engagement ;</text:p>
    <text:list><text:list-item><text:p>détail imbriqué.</text:p></text:list-item></text:list>
  </text:list-item>
</text:list>
<text:list text:style-name="Bullets">
  <text:list-item><text:p>une puce</text:p></text:list-item>
</text:list>
<text:p text:style-name="Bold">Responsabilité</text:p>
<text:p>ARTICLE 7 – DURÉE</text:p>
<table:table table:name="Tarifs">
  <table:table-column table:number-columns-repeated="2"/>
  <table:table-header-rows>
    <table:table-row>
      <table:table-cell><text:p>Service</text:p></table:table-cell>
      <table:table-cell><text:p>Prix</text:p></table:table-cell>
    </table:table-row>
  </table:table-header-rows>
  <table:table-row>
    <table:table-cell table:number-columns-spanned="2"><text:p>Hébergement</text:p></table:table-cell>
    <table:covered-table-cell/>
  </table:table-row>
  <table:table-row>
    <table:table-cell/>
    <table:table-cell><text:p>100 €</text:p></table:table-cell>
  </table:table-row>
</table:table>
<text:h text:outline-level="1">Durée</text:h>
<text:soft-page-break/>
<text:p>Le contrat est conclu pour un an.</text:p>
"""

_AUTOMATIC = """
<office:automatic-styles>
  <style:style style:name="Bold" style:family="paragraph">
    <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <text:list-style style:name="Numbered">
    <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
    <text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")"/>
  </text:list-style>
  <text:list-style style:name="Bullets">
    <text:list-level-style-bullet text:level="1" text:bullet-char="•"/>
  </text:list-style>
</office:automatic-styles>
"""

_META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {_NS}><office:meta><dc:title>Contrat de prestation</dc:title>
<meta:document-statistic meta:page-count="2"/></office:meta></office:document-meta>
"""

_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}</manifest:file-entry>
</manifest:manifest>
"""

_ENCRYPTION = (
    '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
    '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/>'
    '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" manifest:salt="x"/>'
    "</manifest:encryption-data>"
)


def write_odt(path: Path, body: str = _BODY, *, encrypted: bool = False, styles: str = _STYLES) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
        f"{_AUTOMATIC}<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content if not encrypted else b"\x8f\x00binary")
        archive.writestr("styles.xml", styles)
        archive.writestr("meta.xml", _META)
        archive.writestr("META-INF/manifest.xml", _MANIFEST.format(encryption=_ENCRYPTION if encrypted else ""))
    return path


@pytest.fixture(scope="module")
def document(tmp_path_factory):
    return parse(write_odt(tmp_path_factory.mktemp("odt") / "contrat.odt"))


def _texts(document, kind):
    return [b.text for b in document.blocks if b.kind == kind]


def test_metadata(document):
    assert document.format == "odt"
    assert document.metadata.title == "Contrat de prestation"
    assert document.metadata.page_count == 2


def test_headings_take_outline_levels_and_numbers(document):
    headings = [(b.text, b.level) for b in document.blocks if b.kind == BlockKind.HEADING]
    assert ("1. Objet", 1) in headings
    assert ("1.1 Périmètre", 2) in headings
    assert ("2. Durée", 1) in headings
    assert document.sections[0].title == "1. Objet"
    assert document.sections[0].children[0].title == "1.1 Périmètre"


def test_bold_and_caps_paragraphs_are_headings(document):
    headings = _texts(document, BlockKind.HEADING)
    assert "Responsabilité" in headings
    assert "ARTICLE 7 – DURÉE" in headings


def test_inline_spaces_tabs_and_breaks(document):
    assert "Le Prestataire fournit le service décrit en annexe." in _texts(document, BlockKind.PARAGRAPH)


def test_tracked_deletion_is_not_text(document):
    assert "non-concurrence" not in document.text
    assert document.metadata.has_pending_revisions


def test_annotation_goes_to_comments(document):
    assert "Préciser" not in document.text
    (comment,) = document.metadata.comments
    assert comment.author == "Juriste" and comment.text == "Préciser les délais."
    assert "Voir la liste : ci-dessous." in _texts(document, BlockKind.PARAGRAPH)


def test_note_becomes_footnote_after_its_paragraph(document):
    blocks = [(b.kind, b.text) for b in document.blocks]
    paragraph = (BlockKind.PARAGRAPH, "Le service couvre l'hébergement des données.")
    assert paragraph in blocks
    assert blocks[blocks.index(paragraph) + 1] == (BlockKind.FOOTNOTE, "Hors sauvegardes externes.")


def test_list_items_with_rebuilt_labels(document):
    items = _texts(document, BlockKind.LIST_ITEM)
    assert items == ["1. premier engagement ;", "2. second engagement ;", "a) détail imbriqué.", "une puce"]


def test_table_cells_keep_positions(document):
    cells = {b.cell: b.text for b in document.blocks if b.kind == BlockKind.TABLE_CELL}
    assert cells == {(0, 0, 0): "Service", (0, 0, 1): "Prix", (0, 1, 0): "Hébergement", (0, 2, 1): "100 €"}


def test_headers_and_footers_once(document):
    assert _texts(document, BlockKind.HEADER) == ["ACME – Contrat de prestation"]
    assert _texts(document, BlockKind.FOOTER) == ["Confidentiel"]


def test_soft_page_breaks_give_pages(document):
    last = document.blocks[-1]
    assert last.text == "Le contrat est conclu pour un an." and last.location.page == 2


def test_encrypted_package(tmp_path):
    path = write_odt(tmp_path / "secret.odt", encrypted=True)
    with pytest.raises(InputError) as error:
        parse_odt(path)
    assert error.value.kind == "encrypted"


def test_broken_content_is_corrupt(tmp_path):
    path = tmp_path / "broken.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content")
    with pytest.raises(InputError) as error:
        parse(path)
    assert error.value.kind == "corrupt"


def test_empty_body_is_empty(tmp_path):
    with pytest.raises(InputError) as error:
        parse(write_odt(tmp_path / "vide.odt", body="<text:p/>"))
    assert error.value.kind == "empty"


def test_real_libreoffice_file():
    path = CONTRACTS / "tricky" / "pdf-sample-files" / "source.odt"
    if not path.exists():
        pytest.skip("shared/contracts is not available")
    document = parse(path)
    assert document.metadata.page_count == 1
    assert document.text.startswith("Lorem ipsum dolor sit amet")
