"""Simulation parameters: one declaration read by the CLI, the app and the course validator."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

ParamKind = Literal["int", "float", "bool", "choice", "text"]


class ParamError(ValueError):
    """A parameter name or value that a simulation does not accept. The message names both and the range."""


@dataclass(frozen=True)
class Param:
    """One knob of a simulation.

    `minimum`/`maximum` bound numbers; `choices` lists the allowed words of a choice. For a "text" parameter
    (an outcome script, say) `choices` lists the allowed comma-separated items, and `pattern_help` says how to
    write one.
    """

    name: str
    label: str
    kind: ParamKind
    default: Any
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    allowed_extra: tuple[Any, ...] = ()  # values allowed outside the range, e.g. -1 for "infinite"
    repeats: bool = True  # a "text" list of choices whose items may repeat (a script of outcomes), or a set

    def describe_range(self) -> str:
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "text":
            return "comma-separated " + "/".join(self.choices) if self.choices else "text"
        unit = f" {self.unit}" if self.unit else ""
        extra = "".join(f" or {_number(value)}" for value in self.allowed_extra)
        return f"{_number(self.minimum)}–{_number(self.maximum)}{unit}{extra}"

    def parse(self, raw: str) -> Any:
        """Turn a command-line string into a checked value."""
        text = raw.strip()
        try:
            if self.kind == "int":
                value: Any = int(text.replace("_", "").replace(",", ""))
            elif self.kind == "float":
                value = float(text.replace("_", "").replace(",", ""))
                if not math.isfinite(value):  # float() reads "nan", "inf" and "1e999" without complaint
                    raise ValueError
            elif self.kind == "bool":
                lowered = text.lower()
                if lowered not in {"true", "false", "yes", "no", "on", "off", "1", "0"}:
                    raise ValueError
                value = lowered in {"true", "yes", "on", "1"}
            else:
                value = text
        except ValueError:
            raise ParamError(f"{self.name}={raw!r} is not valid: expected {self.describe_range()}") from None
        return self.check(value)

    def check(self, value: Any) -> Any:
        """Check a typed value (from YAML or the app); return it normalised or raise ParamError."""
        bad = ParamError(f"{self.name}={value!r} is out of range: expected {self.describe_range()}")
        if self.kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise bad
            if self.kind == "int":
                if isinstance(value, float) and not value.is_integer():
                    raise bad
                value = int(value)
            else:
                value = float(value)
            if not math.isfinite(value):  # NaN slips through every comparison below; infinity is no amount
                raise ParamError(f"{self.name}={value!r} is not a number: expected {self.describe_range()}")
            if value in self.allowed_extra:
                return value
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                raise bad
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise bad
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise bad
            return value
        if not isinstance(value, str):
            raise bad
        if self.choices:
            items = [item.strip() for item in value.split(",") if item.strip()]
            if not self.repeats:  # a set of things (VPC endpoints): naming one twice is naming it once
                items = list(dict.fromkeys(items))
            unknown = [item for item in items if item not in self.choices]
            if unknown:
                raise ParamError(f"{self.name}: {unknown[0]!r} is not one of {', '.join(self.choices)}")
            return ",".join(items)
        return value

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "default": self.default,
            "unit": self.unit,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "choices": list(self.choices),
            "allowed_extra": list(self.allowed_extra),
            "range": self.describe_range(),
            "help": self.help,
        }


def resolve_params(params: tuple[Param, ...], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Defaults with `overrides` applied and checked. Unknown names raise ParamError with a suggestion."""
    by_name = {p.name: p for p in params}
    values = {p.name: p.default for p in params}
    for name, value in overrides.items():
        param = by_name.get(name)
        if param is None:
            close = difflib.get_close_matches(name, by_name, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ParamError(f"unknown parameter {name!r}{hint}; known: {', '.join(by_name)}")
        values[name] = param.check(value)
    return values


def _number(value: float | None) -> str:
    if value is None:
        return "…"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"
