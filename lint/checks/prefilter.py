"""Required literals of a regular expression, to skip most regex searches.

A rule regex such as 's''interdi\\w* (\\S+ ){0,8}(divulg|communiqu)' can only
match text that contains "s'interdi"; a plain substring test (C speed) rules out
almost every block before the regex engine runs. The literals are derived from
the parsed pattern, so rules need no extra annotation.
"""

from __future__ import annotations

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._constants import ASSERT, BRANCH, CATEGORY, CATEGORY_DIGIT, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, RANGE, SUBPATTERN
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore
    from sre_constants import ASSERT, BRANCH, CATEGORY, CATEGORY_DIGIT, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, RANGE, SUBPATTERN  # type: ignore

MIN_LITERAL = 3
# A character repeated more times in a row than this needs this many (see _requirements).
MAX_RUN_REPEAT = 16
# How many choices of one set a branch an alternation contributes (see _requirements).
BRANCH_CHOICES = 3
# Stands for "a decimal digit" among a pattern's literals ('\d{3} ?rcs' needs
# one): the matcher looks for a digit, not for this string, which no block
# holds (normalisation removes NUL).
DIGIT = "\x00digit"


def _digits_only(items) -> bool:
    """Whether a character class matches decimal digits only (\\d, [0-9])."""
    return bool(items) and all(
        (op is CATEGORY and arg is CATEGORY_DIGIT) or (op is RANGE and 48 <= arg[0] <= arg[1] <= 57) or (op is LITERAL and 48 <= arg <= 57)
        for op, arg in items
    )


def _requirements(items) -> list[list[str]]:
    """Sets of literals: for each set, at least one literal must occur for the
    sequence to match."""
    found: list[list[str]] = []
    run = ""

    def consider(candidate: list[str] | None) -> None:
        if candidate and all(_selective(c) for c in candidate):
            found.append(candidate)

    for op, arg in items:
        if op is LITERAL:
            run += chr(arg)
            continue
        if op in (MAX_REPEAT, MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1 and arg[2][0][0] is LITERAL:
            # A repeated character ('\\.{4,}') is that many of it in a row, after what came before.
            low, high = arg[0], arg[1]
            run += chr(arg[2][0][1]) * min(low, MAX_RUN_REPEAT)
            if high != low or low > MAX_RUN_REPEAT:
                consider([run])
                run = ""
            continue
        consider([run] if run else None)
        run = ""
        if op is SUBPATTERN:
            found.extend(_requirements(arg[-1]))
        elif op is BRANCH:
            # Each branch needs all of its sets; so the alternation needs, for
            # any choice of one set a branch, one literal of the chosen sets.
            # The first choice takes each branch's most selective set, the
            # next ones its next sets (a branch with fewer sets keeps its
            # last): a block holding only the commonest literals of the
            # branches ("est", "contrat") is ruled out by a later choice.
            branches = [_ranked(_requirements(branch)) for branch in arg[1]]
            if all(branches):
                for choice in range(min(BRANCH_CHOICES, max(map(len, branches)))):
                    consider([lit for sets in branches for lit in sets[min(choice, len(sets) - 1)]])
        elif op in (MAX_REPEAT, MIN_REPEAT) and arg[0] >= 1:
            found.extend(_requirements(arg[2]))
        elif op is IN and _digits_only(arg):
            consider([DIGIT])
        elif op is ASSERT:
            # What a lookahead or lookbehind must see is in the text too
            # ('(?=[^.;]{0,160}(donnees|rgpd))(n'est|ne sont)…' needs both).
            found.extend(_requirements(arg[1]))
    consider([run] if run else None)
    return found


def _selective(literal: str) -> bool:
    """Long enough to rule blocks out: three letters, or any symbol ("●", "€", "_")."""
    stripped = literal.strip()
    return len(stripped) >= MIN_LITERAL or any(not c.isalnum() and not c.isspace() and c not in "'-" for c in stripped)


def _ranked(requirements: list[list[str]]) -> list[list[str]]:
    """A sequence's sets, most selective first (longest shortest literal; the first of equals)."""
    return sorted(requirements, key=lambda alts: -min(len(a.strip()) for a in alts))


def required_literals(pattern: str) -> list[list[str]]:
    """Every set of literals the pattern needs (one of each set must occur)."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return []
    return _requirements(list(parsed))


# Where literal_index keeps its result between runs, in the cache folder.
LITERAL_INDEX_NAME = "prefilter-literals.json"


def literal_index(patterns: list[str]) -> list[list[list[str]]]:
    """required_literals of every pattern. Parsing a thousand rule regexes
    for their literals was an eighth of a cold one-page audit, for the same
    answer every run: it is kept in the cache folder (signed; see
    ReportCache.get_derived), under a key over the patterns, this module's
    code and Python's version, and derived again whenever any of them
    changes or the stored copy is unreadable."""
    import hashlib
    import json
    import sys
    from pathlib import Path

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(sys.version.encode())
    for pattern in patterns:
        digest.update(b"\0" + pattern.encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    store = _derived_store()
    stored = _valid_index(store.get_derived(LITERAL_INDEX_NAME) if store is not None else None, key, len(patterns))
    if stored is not None:
        return stored
    index = [required_literals(pattern) for pattern in patterns]
    if store is not None:
        store.put_derived(LITERAL_INDEX_NAME, json.dumps({"key": key, "literals": index}, ensure_ascii=True).encode("ascii"))
    return index


def _derived_store():
    from lint.cache import ReportCache, default_cache_dir

    try:
        return ReportCache(default_cache_dir(), salt="")
    except Exception:  # noqa: BLE001 - no cache folder: derive every time
        return None


def _valid_index(payload: bytes | None, key: str, count: int) -> list[list[list[str]]] | None:
    """The stored index, if it is the one for `key` and has its shape."""
    import json

    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    index = data.get("literals")
    if not isinstance(index, list) or len(index) != count:
        return None
    for sets in index:
        if not isinstance(sets, list):
            return None
        for alternatives in sets:
            if not isinstance(alternatives, list) or not alternatives or not all(isinstance(a, str) and a for a in alternatives):
                return None
    return index


def parsed_with_literals(pattern: str) -> tuple[object, list[list[str]]]:
    """The pattern parsed, and its required literals, from one parse. Raises re.error."""
    parsed = sre_parse.parse(pattern)
    return parsed, _requirements(list(parsed))


def compile_parsed(pattern: str, parsed) -> "re.Pattern[str]":
    """re.compile(pattern), given its parse: what re.compile does after
    parsing (re._compiler.compile), so a pattern parsed for its literals is
    not parsed a second time. Falls back on re.compile where the private
    steps differ (another Python version)."""
    import re

    try:
        import _sre
        from re import _compiler

        code = _compiler._code(parsed, 0)
        groupindex = parsed.state.groupdict
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return _sre.compile(pattern, parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - the documented way always works
        return re.compile(pattern)
