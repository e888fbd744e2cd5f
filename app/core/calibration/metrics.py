"""The calibration figures: how far each predictor is from the truth, how often its interval holds it, Brier."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .simulate import Prediction

__all__ = ["PREDICTORS", "Figures", "figures"]

PREDICTORS = ("model", "recent", "answered")  # the estimator, then the two baselines


@dataclass(frozen=True)
class Figures:
    """One predictor over a set of (prediction, truth) pairs; errors in percentage points."""

    count: int
    mean_absolute_error: float  # points
    bias: float  # mean of prediction − truth, points
    coverage: float  # share of truths inside the 80% interval
    mean_width: float  # points
    brier: float  # of P(pass) against whether the truth is at or above the pass mark


def figures(pairs: Iterable[tuple[Prediction, float]], pass_mark: float) -> Figures:
    """The figures of one predictor; `truth` and the prediction are shares 0..1, `pass_mark` a percent."""
    items: Sequence[tuple[Prediction, float]] = list(pairs)
    n = len(items)
    if n == 0:
        return Figures(0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan"))
    errors = [(p.point - truth) * 100 for p, truth in items]
    return Figures(
        count=n,
        mean_absolute_error=sum(abs(e) for e in errors) / n,
        bias=sum(errors) / n,
        coverage=sum(p.low <= truth <= p.high for p, truth in items) / n,
        mean_width=sum((p.high - p.low) * 100 for p, _ in items) / n,
        brier=sum((p.pass_probability - (truth * 100 >= pass_mark)) ** 2 for p, truth in items) / n,
    )
