"""The filter language, in one place.

A filter is a list of conditions `KEY OP VALUE`, all of which must hold for a document:
- `KEY` is `type`, `doc_id`, `title` or any front-matter key (`phase`, `region`, `duration_min`, …).
- `OP` is one of `=`, `!=`, `<`, `<=`, `>`, `>=`.
- A `VALUE` that parses as a number compares as a number; text compares case-insensitively.
- A list-valued field (`tags: [a, b]`) matches `=` when any element matches.
- A document without the key never matches (except `!=`).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Any

_OPS = {"<=": operator.le, ">=": operator.ge, "!=": operator.ne, "=": operator.eq, "<": operator.lt, ">": operator.gt}
_CONDITION = re.compile(r"^\s*([\w.-]+)\s*(<=|>=|!=|=|<|>)\s*(.*?)\s*$")


class FilterError(ValueError):
    pass


def parse_value(raw: str) -> Any:
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw.replace(",", ".")) if re.fullmatch(r"-?\d+[.,]\d+", raw) else raw
    except ValueError:
        return raw


@dataclass(frozen=True)
class Condition:
    key: str
    op: str
    value: Any

    @classmethod
    def parse(cls, text: str) -> "Condition":
        match = _CONDITION.match(text)
        if not match or not match.group(3):
            raise FilterError(f"Filter {text!r}: erwartet SCHLÜSSEL=WERT (auch !=, <, <=, >, >=)")
        return cls(match.group(1), match.group(2), parse_value(match.group(3)))

    def holds(self, fields: dict[str, Any]) -> bool:
        if self.key not in fields or fields[self.key] is None:
            return self.op == "!="
        actual = fields[self.key]
        values = actual if isinstance(actual, list) else [actual]
        if self.op == "!=":
            return not any(_compare(v, "=", self.value) for v in values)
        return any(_compare(v, self.op, self.value) for v in values)


def _compare(actual: Any, op: str, expected: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            actual_num = float(actual) if not isinstance(actual, bool) else None
        except (TypeError, ValueError):
            actual_num = None
        if actual_num is None:
            return False
        return _OPS[op](actual_num, float(expected))
    if op not in ("=", "!="):
        return False
    return _OPS[op](str(actual).casefold(), str(expected).casefold())


@dataclass(frozen=True)
class Filters:
    conditions: tuple[Condition, ...] = ()

    @classmethod
    def build(cls, doc_type: str | None = None, where: list[str] | None = None) -> "Filters":
        conditions = [Condition("type", "=", doc_type)] if doc_type else []
        conditions += [Condition.parse(w) for w in where or []]
        return cls(tuple(conditions))

    def __bool__(self) -> bool:
        return bool(self.conditions)

    def matches(self, fields: dict[str, Any]) -> bool:
        return all(c.holds(fields) for c in self.conditions)
