"""The metric registry: labels, reasonable ranges and derived figures.

Derived metrics (结案率 = 审执结 / 受理 × 100) are computed from their inputs with a tiny
arithmetic evaluator; `eval` is never used because formulas come from edited files.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass

from showcase.core.model import Metric

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


class FormulaError(ValueError):
    pass


def formula_inputs(formula: str) -> list[str]:
    """The metric keys a formula reads, in order of appearance; raises FormulaError if invalid."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(str(error)) from None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif not isinstance(
            node, (ast.Expression, ast.BinOp, ast.Constant, ast.Load, ast.UnaryOp, ast.USub, *_OPERATORS)
        ):
            raise FormulaError(f"不支持的写法：{type(node).__name__}")
    return list(dict.fromkeys(names))


def evaluate(formula: str, values: dict[str, float]) -> float | None:
    """Value of the formula, or None when an input is missing or a division is by zero."""

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise KeyError(node.id)
            return float(values[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        raise FormulaError(type(node).__name__)

    try:
        value = walk(ast.parse(formula, mode="eval"))
    except (KeyError, ZeroDivisionError, OverflowError, FormulaError, SyntaxError, RecursionError):
        return None  # an invalid formula is reported by the loader; here it just has no value
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Figure:
    """One metric value for one year, as shown in tables and charts."""

    metric: Metric
    year: int
    value: float
    derived: bool  # computed from inputs rather than typed

    @property
    def out_of_range(self) -> bool:
        if self.metric.range is None:
            return False
        low, high = self.metric.range
        return not (low <= self.value <= high)

    @property
    def text(self) -> str:
        return format_value(self.metric, self.value)


def format_value(metric: Metric, value: float) -> str:
    number = f"{value:,.{metric.decimals}f}" if metric.decimals else f"{round(value):,}"
    return f"{number} {metric.unit}".strip() if metric.unit != "%" else f"{number}%"


class Registry:
    """Metric definitions by key, with derived values filled in."""

    def __init__(self, metrics: list[Metric]) -> None:
        self.by_key = {metric.key: metric for metric in metrics}

    def __contains__(self, key: str) -> bool:
        return key in self.by_key

    def __getitem__(self, key: str) -> Metric:
        return self.by_key[key]

    def keys(self) -> list[str]:
        return list(self.by_key)

    def tolerance(self, metric: Metric) -> float:
        """Half a unit in the last shown decimal: what rounding can explain."""
        return 0.5 * 10 ** (-metric.decimals) + 1e-9

    def disagreements(self, values: dict[str, float]) -> list[tuple[Metric, float, float]]:
        """Typed derived values that differ from their formula beyond rounding."""
        found = []
        for metric in self.by_key.values():
            if metric.formula and metric.key in values:
                computed = evaluate(metric.formula, values)
                if computed is not None and abs(computed - values[metric.key]) > self.tolerance(metric):
                    found.append((metric, float(values[metric.key]), computed))
        return found

    def figures(self, yearly: dict[int, dict[str, float]]) -> dict[int, dict[str, Figure]]:
        """Every typed and derivable value per year, in registry order."""
        result: dict[int, dict[str, Figure]] = {}
        for year in sorted(yearly):
            values = yearly[year]
            row: dict[str, Figure] = {}
            for key, metric in self.by_key.items():
                if key in values:
                    row[key] = Figure(metric, year, float(values[key]), derived=False)
                elif metric.formula:
                    computed = evaluate(metric.formula, values)
                    if computed is not None:
                        row[key] = Figure(metric, year, round(computed, metric.decimals), derived=True)
            result[year] = row
        return result
