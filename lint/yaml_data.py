"""The YAML data shipped with clausier (rule packs, lexicons), read one way."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's safe loader reads these files about ten times faster than the
# pure-Python one (the rule pack and the territory lexicon were 0.2 s of a
# cold start); same documents, same safety.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


class _StrictLoader(LOADER):  # type: ignore[misc,valid-type]
    """LOADER, refusing a mapping that names a key twice: YAML would keep the
    last one and silently drop the first (a second `unless:` under a signal
    replaced the first without a word)."""


def _mapping_without_duplicates(loader: Any, node: Any, deep: bool = False) -> Any:
    seen = set()
    for key_node, _ in node.value:
        # A plain key is compared as written; only a complex key is built (construct_mapping builds them all again).
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_StrictLoader)
