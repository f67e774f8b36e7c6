"""User configuration: clausier.toml, or [tool.clausier] in pyproject.toml.

Looked up next to the audited file, then in each parent folder; `--config`
names one explicitly. Unknown keys are errors that name the key, so a typo
never silently disables a setting.

    profile = "services"
    language = "auto"                       # fr, en or auto (detected per file)
    select = ["confidentiality", "NC"]      # rule names, codes or families
    ignore = ["vague-term"]
    rules = ["./playbook"]                  # extra rule folders (company playbook)
    fail-on = "warning"

    [severity]
    vague-term = "warning"

    [thresholds]
    non-compete-max-months = 12
    mediation-min-days = 15
    notice-min-days = 30
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from lint.model import Finding, Severity
from lint.nlp.languages import LANG_CHOICES
from lint.ruleset.loader import shipped_thresholds

CONFIG_FILES = ("clausier.toml", "pyproject.toml")
PROFILES = ("partnership", "services", "nda", "dpa", "license", "terms")
FAIL_ON = ("error", "warning", "info", "never")
KEYS = {"profile", "language", "select", "ignore", "severity", "thresholds", "rules", "fail-on"}


class ConfigError(Exception):
    def __init__(self, file: str, key: str, message: str):
        super().__init__(f"{file}: {key}: {message}")
        self.file, self.key = file, key


@dataclass(frozen=True)
class Config:
    profile: str | None = None
    rule_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, float], ...] = ()
    fail_on: str | None = None
    source: str | None = None
    # The contracts' language code, or None/"auto" to detect it per file.
    language: str | None = None

    def threshold(self, name: str) -> float:
        """The value set in [thresholds], else the rule pack's default."""
        return dict(self.thresholds).get(name, shipped_thresholds()[name])

    def fingerprint(self) -> str:
        """Stable text for cache keys: everything that changes results."""
        # A language left to detection keeps the fingerprints (cache keys) of before.
        data = {k: v for k, v in self.__dict__.items() if k != "source" and not (k == "language" and v in (None, "auto"))}
        return json.dumps(data, sort_keys=True)

    def filter_findings(self, pack, findings: list[Finding]) -> list[Finding]:
        def keys(finding: Finding) -> set[str]:
            out = {finding.rule, finding.code, finding.clause}
            try:
                rule = pack.rule(finding.rule)
                # An old code's prefix selects what it used to: TERM still picks
                # termination-no-notice (once TERM-007) and the duration rules.
                out |= set(rule.aliases) | set(rule.codes) | {code.split("-")[0] for code in rule.codes}
                if rule.family == "document":
                    out.add("document")
                elif rule.family:
                    family = pack.family(rule.family)
                    out |= {rule.family, family.code, *family.old_codes}
            except KeyError:
                pass
            return out

        def old_codes(finding: Finding) -> tuple[str, ...]:
            try:
                return pack.rule(finding.rule).old_codes
            except KeyError:
                return ()

        overrides = dict(self.severity)
        kept = []
        for finding in findings:
            names = keys(finding)
            if self.select and not names & set(self.select):
                continue
            if names & set(self.ignore):
                continue
            override = next((overrides[n] for n in (finding.rule, finding.code, *old_codes(finding)) if n in overrides), None)
            if override:
                finding = replace(finding, severity=Severity(override))
            kept.append(finding)
        return kept


def find_config_file(start: Path) -> Path | None:
    folder = start if start.is_dir() else start.parent
    for directory in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and "clausier" not in _read_toml(candidate).get("tool", {}):
                continue
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), "(toml)", f"invalid TOML: {exc}") from None


def load_config(start: str | Path | None = None, explicit: str | Path | None = None) -> Config:
    """The configuration for files under `start`, or from `explicit`."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(str(path), "(file)", "configuration file not found")
    else:
        path = find_config_file(Path(start or ".")) if start is not None else None
        if path is None:
            return Config()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("clausier", {})
    return parse_config(data, str(path), base=path.parent)


def parse_config(data: dict, file: str, base: Path = Path(".")) -> Config:
    for key in data:
        if key not in KEYS:
            raise ConfigError(file, key, f"unknown key (allowed: {', '.join(sorted(KEYS))})")

    def str_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(file, key, "expected a list of strings")
        return tuple(value)

    profile = data.get("profile")
    if profile is not None and profile not in PROFILES:
        raise ConfigError(file, "profile", f"{profile!r} is not one of {', '.join(PROFILES)}")
    language = data.get("language")
    if language is not None and language not in LANG_CHOICES:
        raise ConfigError(file, "language", f"{language!r} is not one of {', '.join(LANG_CHOICES)}")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(file, "fail-on", f"{fail_on!r} is not one of {', '.join(FAIL_ON)}")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(file, "severity", "expected a table")
    for name, value in severity.items():
        if value not in ("error", "warning", "info"):
            raise ConfigError(file, f"severity.{name}", f"{value!r} is not error, warning or info")
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, dict):
        raise ConfigError(file, "thresholds", "expected a table")
    for name, value in thresholds.items():
        if name not in shipped_thresholds():
            raise ConfigError(file, f"thresholds.{name}", f"unknown threshold (allowed: {', '.join(shipped_thresholds())})")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ConfigError(file, f"thresholds.{name}", "expected a non-negative number")
    rule_dirs = tuple(str((base / d).resolve()) for d in str_list("rules"))
    return Config(
        profile=profile,
        rule_dirs=rule_dirs,
        select=str_list("select"),
        ignore=str_list("ignore"),
        severity=tuple(sorted(severity.items())),
        thresholds=tuple(sorted((k, float(v)) for k, v in thresholds.items())),
        fail_on=fail_on,
        source=file,
        language=language,
    )


def validate_selectors(config: Config, pack) -> None:
    """Unknown rule names, codes or families in select/ignore/severity are errors."""
    known = {"document"}
    for family in pack.families:
        known |= {family.id, family.code, *family.old_codes}
    for rule in pack.rules:
        known |= {rule.name, *rule.codes, *rule.aliases}
    for key, values in (("select", config.select), ("ignore", config.ignore), ("severity", [n for n, _ in config.severity])):
        for value in values:
            if value not in known:
                raise ConfigError(config.source or "(config)", f"{key}.{value}", "unknown rule, code or clause family")
