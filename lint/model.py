"""The records that flow through clausier: file → Document → findings → Report.

Everything here is a frozen dataclass so that a stage can never mutate what an
earlier stage produced, and so that records pickle cleanly between worker
processes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"


# Page furniture and notes are kept for completeness but are not part of the
# contract's running text; checks look at BODY_KINDS by default.
BODY_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL}
)


@dataclass(frozen=True)
class Location:
    """Where a block sits. `block` is the 0-based index in Document.blocks."""

    block: int
    page: int | None = None
    section: tuple[str, ...] = ()

    @property
    def paragraph(self) -> int:
        """1-based paragraph number, as shown to users."""
        return self.block + 1

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "block": self.block, "section": list(self.section)}


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int
    location: Location
    # (table index, row, column) for table cells, so a reporter can rebuild rows.
    cell: tuple[int, int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind.value,
            "text": self.text,
            "level": self.level,
            "location": self.location.to_dict(),
        }
        if self.cell is not None:
            data["cell"] = list(self.cell)
        return data


@dataclass(frozen=True)
class Comment:
    """A reviewer comment found in the source file (not contract text)."""

    author: str
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    page_count: int | None = None
    has_pending_revisions: bool = False
    comments: tuple[Comment, ...] = ()
    # 1-based numbers of pages that have no text layer (PDF).
    scanned_pages: tuple[int, ...] = ()
    # Things the parser could not read and says so instead of hiding them.
    warnings: tuple[str, ...] = ()
    # Where page_count comes from: "document" (the file says so) or
    # "estimated" (from the text, when the file's count is absent or stale).
    page_count_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["comments"] = [asdict(c) for c in self.comments]
        data["scanned_pages"] = list(self.scanned_pages)
        data["warnings"] = list(self.warnings)
        return data


@dataclass(frozen=True)
class Section:
    """A node of the outline: a heading and the blocks up to the next heading
    of the same or a higher level. `end` is exclusive."""

    title: str
    level: int
    start: int
    end: int
    page: int | None = None
    children: tuple[Section, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "level": self.level,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "children": [c.to_dict() for c in self.children],
        }

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Document:
    path: str
    format: str
    metadata: Metadata
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "metadata": self.metadata.to_dict(),
            "blocks": [b.to_dict() for b in self.blocks],
            "sections": [s.to_dict() for s in self.sections],
        }

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    def all_sections(self):
        for section in self.sections:
            yield from section.walk()


# --- Results ---------------------------------------------------------------


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class FindingLocation:
    page: int | None = None
    paragraph: int | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "paragraph": self.paragraph, "section": self.section}


# The rule of a clause the contract lacks: emitted by the checklist, not by a
# matcher, so it has no excerpt; part of the public JSON schema.
MISSING_RULE = "missing-clause"


@dataclass(frozen=True)
class Finding:
    rule: str
    code: str
    clause: str
    severity: Severity
    message: str
    location: FindingLocation = field(default_factory=FindingLocation)
    excerpt: str = ""
    suggestion: str = ""
    reference: str = ""
    # The whole paragraph the excerpt comes from, so reports can show it in place.
    context: str = ""
    # The matched words, as (start, end) offsets into `excerpt`; None when the
    # whole excerpt is at fault.
    highlight: tuple[int, int] | None = None
    # How many times the same thing was found (one finding stands for all,
    # located at the first; the message lists the first places).
    count: int = 1

    @property
    def marked(self) -> tuple[str, str, str]:
        """The excerpt cut around its matched words: (before, words, after)."""
        if self.highlight is None:
            return "", self.excerpt, ""
        start, end = self.highlight
        return self.excerpt[:start], self.excerpt[start:end], self.excerpt[end:]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "clause": self.clause,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
            "excerpt": self.excerpt,
            "suggestion": self.suggestion,
            "reference": self.reference,
            "context": self.context,
            "highlight": None if self.highlight is None else {
                "start": self.highlight[0], "end": self.highlight[1], "text": self.excerpt[self.highlight[0]:self.highlight[1]],
            },
            "count": self.count,
        }


@dataclass(frozen=True)
class ClauseStatus:
    id: str
    title: str
    status: str  # "present" | "missing"
    required: bool
    confidence: float
    location: tuple[FindingLocation, ...] = ()
    explanation: str = ""

    @property
    def present(self) -> bool:
        return self.status == "present"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "required": self.required,
            "confidence": round(self.confidence, 2),
            "location": [loc.to_dict() for loc in self.location],
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class InputErrorInfo:
    kind: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message}


@dataclass(frozen=True)
class DocumentReport:
    path: str
    format: str | None
    language: str | None
    profile: str | None
    clauses: tuple[ClauseStatus, ...] = ()
    findings: tuple[Finding, ...] = ()
    error: InputErrorInfo | None = None
    page_count: int | None = None
    title: str | None = None
    page_count_source: str | None = None  # "document" | "estimated", see Metadata

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "language": self.language,
            "profile": self.profile,
            "title": self.title,
            "page_count": self.page_count,
            "page_count_source": self.page_count_source,
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error.to_dict() if self.error else None,
        }


REPORT_SCHEMA_VERSION = "1.1"  # 1.1: finding highlight and count, page_count_source, disclaimer


@dataclass(frozen=True)
class Report:
    """What every reporter receives: the documents audited in one run."""

    tool_version: str
    rules_version: str
    documents: tuple[DocumentReport, ...]
    interrupted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "tool": {"name": "clausier", "version": self.tool_version, "rules_version": self.rules_version},
            "interrupted": self.interrupted,
            "documents": [d.to_dict() for d in self.documents],
        }
