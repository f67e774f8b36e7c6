"""English references to sections, articles and clauses of the document.

The English counterpart of lint.nlp.references' find_references and
mentions_law: "Section 5.2", "Sections 3 and 4", "Article 7(b)", "Clause 9
hereof". A reference followed by "of the <name>" (another agreement, an Act,
a Code) is another document's and left out (`external`). The document's own
numbering is read by lint.nlp.references.Numbering, which reads line numbers
the same way in both languages.
"""

from __future__ import annotations

import re

from lint.nlp.references import Reference

_KIND = {"section": "article", "article": "article", "clause": "clause", "paragraph": "paragraph", "subsection": "article"}
_ID = r"\d+(?:\.\d+)*"
_REFERENCE = re.compile(
    rf"\b(?P<kind>sections?|articles?|clauses?|subsections?|paragraphs?)\s+(?P<ids>{_ID}(?:\s*\([a-z0-9]{{1,4}}\))*"
    rf"(?:\s*(?:,|and|or|through|to|-)\s*(?:{_ID})(?:\s*\([a-z0-9]{{1,4}}\))*)*)",
    re.IGNORECASE,
)
_OWN_AFTER = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?(?:of|in|under)\s+this\s+(?:agreement|contract|amendment|exhibit|schedule)\b|^\s*(?:hereof|herein|hereunder|above|below)\b", re.I)
# "of the Master Agreement", "of the Securities Act", "under the Code", "of Exhibit B".
_EXTERNAL_AFTER = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?(?:of|under|in|to)\s+(?:the\s+|such\s+|any\s+|that\s+|each\s+)?(?:[A-Z]\w*|exhibit|schedule|appendix|annex|u\.s\.c|c\.f\.r)", re.I)
_LAW_MENTION = re.compile(r"\b(?:Act|Code|Regulations?|U\.S\.C\.?|C\.F\.R\.?|Rules?|Directive|Treaty|Statute)\b")


def find_references(text: str) -> list[Reference]:
    """Each referenced section, article or clause number, in text order."""
    out = []
    for m in _REFERENCE.finditer(text):
        after = text[m.end() : m.end() + 80]
        # Lowercase "the" opens a name only when a capital follows: "of the Master Agreement".
        external = bool(_EXTERNAL_AFTER.match(after)) and not _OWN_AFTER.match(after) and not re.match(r"^\s*(?:of|under|in|to)\s+(?:the|such|any|that|each)\s+[a-z]", after)
        own = bool(_OWN_AFTER.match(after))
        kind = _KIND[m.group("kind").lower().rstrip("s")]
        for target in re.findall(_ID, re.sub(r"\([a-z0-9]{1,4}\)", "", m.group("ids"), flags=re.I)):
            out.append(Reference(kind=kind, target=target, start=m.start(), end=m.end(), text=m.group(0), external=external, own=own))
    return out


def mentions_law(text: str) -> bool:
    """The text names an Act, a Code or a regulation."""
    return _LAW_MENTION.search(text) is not None
