"""Plain-text report, for terminals without rich and for pipes."""

from __future__ import annotations

from lint.model import Report


def render_text(report: Report, options: dict | None = None) -> str:
    lines = []
    for doc in report.documents:
        lines.append(f"{doc.path}")
        if doc.error:
            lines.append(f"  error [{doc.error.kind}]: {doc.error.message}")
            continue
        present = sum(1 for c in doc.clauses if c.present)
        lines.append(f"  language: {doc.language}  profile: {doc.profile}  clauses: {present}/{len(doc.clauses)} present")
        for clause in doc.clauses:
            mark = "✓" if clause.present else "✗"
            where = ""
            if clause.location:
                loc = clause.location[0]
                where = f"  §{loc.paragraph}" + (f" p.{loc.page}" if loc.page else "") + (f" « {loc.section} »" if loc.section else "")
            req = "" if clause.required else " (optional)"
            lines.append(f"  {mark} {clause.id:<22} {clause.confidence:.2f}{req}{where}")
        for f in doc.findings:
            loc = f.location
            where = f"§{loc.paragraph}" if loc.paragraph else "document"
            lines.append(f"  {f.severity.value:<7} {f.rule} [{f.clause}] {where}: {f.message}")
            if f.excerpt:
                lines.append(f"          « {f.excerpt} »")
        lines.append("")
    return "\n".join(lines)
