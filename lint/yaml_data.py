"""The YAML data shipped with clausier (rule packs, lexicons), read one way."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's safe loader reads these files about ten times faster than the
# pure-Python one (the rule pack and the territory lexicon were 0.2 s of a
# cold start); same documents, same safety.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)
