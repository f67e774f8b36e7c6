"""Plain-text view of a parsed Document, for `clausier extract`."""

from __future__ import annotations

from lint.model import Document


def render_extract_text(document: Document) -> str:
    meta = document.metadata
    lines = [
        f"# {document.path}",
        f"format: {document.format}  pages: {meta.page_count or '-'}  blocks: {len(document.blocks)}"
        + ("  [pending tracked changes]" if meta.has_pending_revisions else ""),
    ]
    if meta.title:
        lines.append(f"title: {meta.title}")
    if meta.comments:
        lines.append(f"reviewer comments: {len(meta.comments)}")
    if meta.scanned_pages:
        lines.append("pages without text layer (need OCR): " + ", ".join(map(str, meta.scanned_pages)))
    for warning in meta.warnings:
        lines.append(f"warning: {warning}")
    lines += ["", "## Outline"]
    for section in document.all_sections():
        page = f" p.{section.page}" if section.page else ""
        lines.append(f"{'  ' * (section.level - 1)}- {section.title}  (§{section.start + 1}{page})")
    if not document.sections:
        lines.append("(no headings found)")
    lines += ["", "## Blocks"]
    for block in document.blocks:
        loc = block.location
        page = f" p.{loc.page}" if loc.page else ""
        level = f" h{block.level}" if block.level else ""
        lines.append(f"[§{loc.paragraph}{page} {block.kind.value}{level}] {block.text}")
    return "\n".join(lines)
