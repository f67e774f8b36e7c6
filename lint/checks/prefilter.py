"""Required literals of a regular expression, to skip most regex searches.

A rule regex such as 's''interdi\\w* (\\S+ ){0,8}(divulg|communiqu)' can only
match text that contains "s'interdi"; a plain substring test (C speed) rules out
almost every block before the regex engine runs. The literals are derived from
the parsed pattern, so rules need no extra annotation.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._parser as sre_parse
    from re._constants import (
        ASSERT, ASSERT_NOT, AT, AT_BEGINNING, AT_BEGINNING_STRING, BRANCH, CATEGORY, CATEGORY_DIGIT, IN, LITERAL, MAX_REPEAT,
        MIN_REPEAT, RANGE, SUBPATTERN,
    )
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore
    from sre_constants import (  # type: ignore
        ASSERT, ASSERT_NOT, AT, AT_BEGINNING, AT_BEGINNING_STRING, BRANCH, CATEGORY, CATEGORY_DIGIT, IN, LITERAL, MAX_REPEAT,
        MIN_REPEAT, RANGE, SUBPATTERN,
    )

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


def automaton(values: dict[str, object]):
    """An Aho-Corasick automaton finding every key of `values` in one pass
    over a text (each occurrence reported with its key's value), or None
    when there is no key. The prefilter's one way of building one."""
    if not values:
        return None
    import ahocorasick

    found = ahocorasick.Automaton()
    for key, value in values.items():
        found.add_word(key, value)
    found.make_automaton()
    return found


def literal_gate(pattern: re.Pattern[str]):
    """A quick test that a text holds one literal of the compiled pattern's
    most selective required set (one automaton pass), where the pattern
    alone would be tried at every position: False means the pattern cannot
    match the text. None when the pattern needs no literal, a digit, or
    ignores case (its literals would not be the text's)."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    sets = _ranked(_requirements(list(parsed)))
    if not sets or DIGIT in sets[0]:
        return None
    finder = automaton({literal: True for literal in sets[0]})

    def holds(text: str) -> bool:
        for _ in finder.iter(text):
            return True
        return False

    return holds


def required_literals(pattern: str) -> list[list[str]]:
    """Every set of literals the pattern needs (one of each set must occur)."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return []
    return _requirements(list(parsed))


# --- Where a match can start ---------------------------------------------------
# A rule regex such as "(?:(conformement|en application) (\S+ ){0,4}politique|…)"
# has no literal prefix for the regex engine, which then tries the whole
# alternation at every position of a block. Every match starts with one of a
# few strings ("conformement ", "en application ", …), which str.find locates
# at C speed; the pattern is then tried at those positions only.

# At most this many start strings: more are cut to a shorter common length.
# Many are found in one automaton pass (see matching._LazyPattern), and cut
# to 64 a lexicon's were three letters found everywhere ("de ", "les", "con").
MAX_STARTS = 1024
# Shorter start strings occur everywhere and save nothing.
MIN_START = 2
# Stands for "at the start of the text only" (a pattern opening on "^").
AT_TEXT_START = ""


def _fewer(strings: set[str]) -> set[str] | None:
    """At most MAX_STARTS strings, each a prefix of some of `strings` (a
    prefix of a start string is one too); None if only single letters would do."""
    if len(strings) <= MAX_STARTS:
        return strings
    for length in range(max(map(len, strings)) - 1, MIN_START - 1, -1):
        cut = {s[:length] for s in strings}
        if len(cut) <= MAX_STARTS:
            return cut
    return None


def _starts(items: list) -> set[str] | None:
    """Strings one of which every match of the sequence starts with, or None
    when a match may start with something else (a class, a repeat that may
    match nothing, a group with its own flags)."""
    prefixes = {""}
    i = 0
    while i < len(items):
        op, arg = items[i]
        if op is LITERAL:
            prefixes = {p + chr(arg) for p in prefixes}
        elif op is IN and 0 < len(arg) <= 4 and all(o is LITERAL for o, _ in arg):  # "[ea]" after "l"
            prefixes = {p + chr(c) for p in prefixes for _, c in arg}
        else:
            break
        i += 1
    if prefixes != {""}:
        tail = _starts(items[i:]) if i < len(items) else None
        if tail is not None and AT_TEXT_START not in tail and len(prefixes) * len(tail) <= MAX_STARTS:
            return {p + t for p in prefixes for t in tail}
        return prefixes
    if i == len(items):
        return None  # a match may be empty
    op, arg = items[i]
    rest = items[i + 1 :]
    if op is AT and arg in (AT_BEGINNING, AT_BEGINNING_STRING):
        return {AT_TEXT_START}
    if op in (ASSERT, ASSERT_NOT, AT):
        return _starts(rest)  # takes no text: the match starts where the rest does
    if op is SUBPATTERN:
        _group, add_flags, del_flags, sub = arg
        return None if add_flags or del_flags else _starts(list(sub) + rest)
    if op is BRANCH:
        found: set[str] = set()
        for branch in arg[1]:
            starts = _starts(list(branch) + rest)
            if starts is None:
                return None
            found |= starts
        return _fewer(found)
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, _high, sub = arg
        found = _starts(list(sub))
        if found is not None and low == 0:
            after = _starts(rest)
            found = None if after is None else found | after
        return None if found is None else _fewer(found)
    return None


def start_strings(parsed) -> tuple[str, ...] | None:
    """Strings one of which every match of the parsed pattern starts with
    (AT_TEXT_START: the match starts the text), none a prefix of another;
    None when there are none worth looking for."""
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    found = _starts(list(parsed))
    if not found:
        return None
    # "cede" and "cedent": where the second occurs, so does the first.
    ordered = sorted(found)
    kept = [s for i, s in enumerate(ordered) if s == AT_TEXT_START or not any(s.startswith(p) for p in ordered[:i] if p != AT_TEXT_START)]
    if any(s != AT_TEXT_START and len(s) < MIN_START for s in kept):
        return None
    return tuple(kept)


def _first_characters(items: list) -> list | None:
    """The class items (LITERAL, RANGE, CATEGORY) of the characters a match of
    the sequence may start with, or None when it may start with any."""
    for i, (op, arg) in enumerate(items):
        rest = items[i + 1 :]
        if op is LITERAL:
            return [(LITERAL, arg)]
        if op is IN:
            return list(arg)
        if op in (ASSERT, ASSERT_NOT, AT):
            continue  # takes no text
        if op is SUBPATTERN:
            return None if arg[1] or arg[2] else _first_characters(list(arg[3]) + rest)
        if op is BRANCH:
            found: list = []
            for branch in arg[1]:
                first = _first_characters(list(branch) + rest)
                if first is None:
                    return None
                found += first
            return found
        if op in (MAX_REPEAT, MIN_REPEAT):
            low, _high, sub = arg
            found = _first_characters(list(sub))
            if found is not None and low == 0:
                after = _first_characters(rest)
                found = None if after is None else found + after
            return found
        return None
    return None  # a match may be empty


def first_character_class(parsed) -> str | None:
    """A regex of one character class holding the first character of every
    match of the parsed pattern, when that class holds no letter (digits,
    brackets, dots: rare enough in prose that trying the pattern where they
    are is quicker than trying it everywhere); None otherwise."""
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    items = _first_characters(list(parsed))
    if not items:
        return None
    parts = []
    for op, arg in items:
        if op is LITERAL and not chr(arg).isalpha():
            parts.append(f"\\U{arg:08x}")
        elif op is RANGE and not any(chr(c).isalpha() for c in range(arg[0], arg[1] + 1)):
            parts.append(f"\\U{arg[0]:08x}-\\U{arg[1]:08x}")
        elif op is CATEGORY and arg is CATEGORY_DIGIT:
            parts.append("\\d")
        else:
            return None  # a letter, \w, a negated class: nearly every position
    return "[" + "".join(sorted(set(parts))) + "]"


# Where literal_index keeps its result between runs, in the cache folder.
LITERAL_INDEX_NAME = "prefilter-literals.json"


def literal_index(patterns: list[str]) -> list[list[list[str]]]:
    """required_literals of every pattern. Parsing a thousand rule regexes
    for their literals was an eighth of a cold one-page audit, for the same
    answer every run: it is kept in the cache folder (signed; see
    ReportCache.get_derived), under a key over the patterns, this module's
    code and Python's version, and derived again whenever any of them
    changes or the stored copy is unreadable."""
    import json

    key = _patterns_key(patterns)
    store = _derived_store()
    stored = _valid_index(store.get_derived(LITERAL_INDEX_NAME) if store is not None else None, key, len(patterns))
    if stored is not None:
        return stored
    index = [required_literals(pattern) for pattern in patterns]
    if store is not None:
        store.put_derived(LITERAL_INDEX_NAME, json.dumps({"key": key, "literals": index}, ensure_ascii=True).encode("ascii"))
    return index


def _patterns_key(patterns: list[str]) -> str:
    """A key over the patterns, this module's code and Python's version."""
    import hashlib
    import sys
    from pathlib import Path

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(sys.version.encode())
    for pattern in patterns:
        digest.update(b"\0" + pattern.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# Where MatcherBank.compile_all keeps what it derives from each pattern between runs.
COMPILED_NAME = "prefilter-compiled.bin"


def stored_compilation(patterns: list[str]) -> list | None:
    """What compile_all derived from each of these patterns, as keep_compilation
    kept it: (start strings and first-character class or None, required
    literals, compiled pattern or None); None when nothing valid is kept.
    Parsing the pack's patterns was nine tenths of compiling it, the serial
    part of a batch before its workers fork, for the same answer every run."""
    from array import array

    store = _derived_store()
    payload = store.get_derived(COMPILED_NAME) if store is not None else None
    if payload is None:
        return None
    header, _, blob = payload.partition(b"\n")
    entries = _stored_list(header, _patterns_key(patterns), "patterns", len(patterns))
    if entries is None or len(blob) % 4:
        return None
    code = array("I")
    code.frombytes(blob)
    out: list = []
    offset = 0
    try:
        for pattern, (starts, literals, program) in zip(patterns, entries):
            if not _valid_literals(literals):
                return None
            if program is not None:
                flags, length, groups, groupindex, indexgroup = program
                program = (flags, code[offset : offset + length].tolist(), groups, groupindex, tuple(indexgroup))
                offset += length
            out.append((None if starts is None else (tuple(starts[0]), starts[1]), literals, compiled_from(pattern, program)))
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return None  # a shape this code did not write, or code the regex engine refuses
    return out if offset == len(code) else None


def keep_compilation(patterns: list[str], entries: list) -> None:
    """Keeps, for stored_compilation, each pattern's (starts, literals, program)."""
    import json
    from array import array

    store = _derived_store()
    if store is None:
        return
    code = array("I")
    header = []
    for starts, literals, program in entries:
        meta = None
        if program is not None:
            flags, program_code, groups, groupindex, indexgroup = program
            meta = [flags, len(program_code), groups, groupindex, list(indexgroup)]
            code.extend(program_code)
        header.append([None if starts is None else [list(starts[0]), starts[1]], literals, meta])
    head = json.dumps({"key": _patterns_key(patterns), "patterns": header}, ensure_ascii=True).encode("ascii")
    store.put_derived(COMPILED_NAME, head + b"\n" + code.tobytes())


def _stored_list(payload: bytes | None, key: str, field: str, count: int) -> list | None:
    """The list a derived file keeps under `field`, if the file is the one for `key` and the list has `count` entries."""
    import json

    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    value = data.get(field) if isinstance(data, dict) and data.get("key") == key else None
    return value if isinstance(value, list) and len(value) == count else None


def _derived_store():
    from lint.cache import ReportCache, default_cache_dir

    try:
        return ReportCache(default_cache_dir(), salt="")
    except Exception:  # noqa: BLE001 - no cache folder: derive every time
        return None


def _valid_index(payload: bytes | None, key: str, count: int) -> list[list[list[str]]] | None:
    """The stored index, if it is the one for `key` and has its shape."""
    index = _stored_list(payload, key, "literals", count)
    return index if index is not None and all(_valid_literals(sets) for sets in index) else None


def _valid_literals(sets) -> bool:
    """Whether `sets` has required_literals' shape: lists of non-empty strings."""
    return isinstance(sets, list) and all(
        isinstance(alternatives, list) and alternatives and all(isinstance(a, str) and a for a in alternatives) for alternatives in sets
    )


def parsed_with_literals(pattern: str) -> tuple[object, list[list[str]]]:
    """The pattern parsed, and its required literals, from one parse. Raises re.error."""
    parsed = sre_parse.parse(pattern)
    return parsed, _requirements(list(parsed))


def program_of(parsed) -> tuple | None:
    """What re.compile hands the regex engine for a parsed pattern (flags,
    compiled code, groups, group names), by its private steps
    (re._compiler.compile); None where they differ (another Python version)."""
    try:
        from re import _compiler

        code = _compiler._code(parsed, 0)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return parsed.state.flags, [int(c) for c in code], parsed.state.groups - 1, groupindex, tuple(indexgroup)
    except Exception:  # noqa: BLE001 - the documented way always works
        return None


def compiled_from(pattern: str, program: tuple | None) -> "re.Pattern[str]":
    """The compiled pattern from its program_of (checked by the engine, which
    raises RuntimeError on code it would not run), or re.compile(pattern)."""
    if program is None:
        return re.compile(pattern)
    import _sre

    return _sre.compile(pattern, *program)
