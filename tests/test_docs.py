"""The user docs stay honest: every finding code and every config key is documented."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

import checks
from checks.registry import CODES
from govmon.config import CrawlFile, RulesFile, UnitsFile

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _headings(text: str) -> set[str]:
    return set(re.findall(r"^## (\S+)", text, re.MULTILINE))


def test_every_code_has_a_section_in_checks_md() -> None:
    assert set(CODES) <= _headings((DOCS / "checks.md").read_text(encoding="utf-8"))


def test_registered_checks_are_documented_as_stable() -> None:
    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    for code in checks.CHECKS:
        assert CODES[code].state == "stable", code
        assert "状态：stable" in text.split(f"## {code}\n", 1)[1].split("\n## ", 1)[0], code


def _keys(model: type[BaseModel]) -> set[str]:
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        for candidate in (field.annotation, *getattr(field.annotation, "__args__", ())):
            for inner in (candidate, *getattr(candidate, "__args__", ())):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    keys |= _keys(inner)
    return keys


def test_every_config_key_is_documented() -> None:
    text = (DOCS / "config.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z0-9_]+)`", text))
    for model in (UnitsFile, RulesFile, CrawlFile):
        missing = _keys(model) - documented
        assert not missing, f"{model.__name__}: keys missing from docs/config.md: {sorted(missing)}"
