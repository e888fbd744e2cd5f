"""Is readiness calibrated? Synthetic learners study the bundled course through the real store; compare.

    .venv/bin/python bench/bench_calibration.py [--learners 500] [--seed 100000] [--jobs 2]
    .venv/bin/python bench/bench_calibration.py --tune [--learners 150]    # on the tuning seeds (0, 1, 2, ...)

Prints, per checkpoint (50, 100, 200 answers), for the estimator and two baselines (accuracy of the latest 50
answers; accuracy of every answer so far, unseen questions ignored), each with a Wilson 80% interval and a
normal-approximation P(pass): the mean absolute error against each learner's true expected score on a freshly
drawn full exam (goal ≤ 5 points at 200 answers), the share of true scores inside the 80% interval (goal
75–85%) and the Brier score of P(pass). Then the backtest: each simulated practice exam's score against the
prediction made from the answers before it. The learners are app/core/calibration/learners.py; the report
seeds (from --seed up) are disjoint from the tuning seeds (from 0 up), so the figures are on fresh learners.

--tune re-runs the estimator, one parameter at a time over a grid (coordinate descent), on the tuning learners' recorded evidence and prints the
best; copy them into ModelParameters in app/core/progress/readiness.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coldstart.core.calibration.metrics import PREDICTORS, Figures, figures
from coldstart.core.calibration.simulate import CHECKPOINTS, Population, Prediction, World, simulate_learner
from coldstart.core.course.loader import load_course
from coldstart.core.paths import bundled_course_dir
from coldstart.core.progress.readiness import PARAMETERS, ModelParameters, estimate_readiness, full_exam_blueprint

GOAL_MAE = 5.0
GOAL_COVERAGE = (0.75, 0.85)
TUNE_GRID = {
    "prior_strength": (3.0, 6.0, 12.0, 24.0),
    "difficulty_shift": (0.2, 0.35, 0.5, 0.7),
    "remembered_correct": (0.85, 0.9, 0.95, 0.98),
    "model_error": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
}


def _run(chunk: tuple[int, ...]) -> tuple[Population, float]:
    """Simulate the learners of `chunk` (in one worker process); also returns the CPU seconds it took."""
    start = time.process_time()
    course = load_course(bundled_course_dir()).course
    world = World.build(course)
    population = Population()
    for seed in chunk:
        simulate_learner(world, seed, seed, population)
    return population, time.process_time() - start


def simulate(seeds: range, jobs: int) -> tuple[Population, float]:
    """All learners of `seeds`, over `jobs` processes; the population and the CPU seconds spent."""
    chunks = [tuple(seeds[i::jobs]) for i in range(jobs)]
    merged = Population()
    cpu = 0.0
    with ProcessPoolExecutor(jobs) as pool:
        for part, seconds in pool.map(_run, chunks):
            merged.checkpoints += part.checkpoints
            merged.backtests += part.backtests
            merged.true_pass.update(part.true_pass)
            cpu += seconds
    return merged, cpu


def report(population: Population, pass_mark: float, learners: int) -> None:
    passing = population.true_pass
    share = sum(passing.values()) / len(passing) if passing else float("nan")
    print(f"{learners} learners; {len(passing)} reached 200 answers, of whom {share:.0%} would pass "
          f"(true expected score ≥ {pass_mark:g}%) [population goal 30–70%]")
    header = f"{'answers':>8} {'predictor':<10} {'n':>5} {'MAE':>6} {'bias':>6} {'in 80%':>7} {'width':>6} {'Brier':>6}"
    print("\nCheckpoints: estimate vs the true expected score on a freshly drawn full exam (points)")
    print(header)
    for threshold in CHECKPOINTS:
        points = [c for c in population.checkpoints if c.threshold == threshold]
        for name in PREDICTORS:
            f = figures(((c.predictions[name], c.truth) for c in points), pass_mark)
            print(f"{threshold:>8} {name:<10} {f.count:>5} {f.mean_absolute_error:6.2f} {f.bias:+6.2f} "
                  f"{f.coverage:7.1%} {f.mean_width:6.1f} {f.brier:6.3f}")
    final = [c for c in population.checkpoints if c.threshold == 200]
    model = figures(((c.predictions["model"], c.truth) for c in final), pass_mark)
    low, high = GOAL_COVERAGE
    print(f"goals at 200 answers: MAE ≤ {GOAL_MAE:g} → {'met' if model.mean_absolute_error <= GOAL_MAE else 'MISSED'}; "
          f"coverage {low:.0%}–{high:.0%} → {'met' if low <= model.coverage <= high else 'MISSED'}")
    print("\nBacktest: each simulated practice exam's score vs the prediction from the answers before it")
    print(header)
    for name in PREDICTORS:
        f = figures(((b.predictions[name], b.score) for b in population.backtests), pass_mark)
        print(f"{'all':>8} {name:<10} {f.count:>5} {f.mean_absolute_error:6.2f} {f.bias:+6.2f} "
              f"{f.coverage:7.1%} {f.mean_width:6.1f} {f.brier:6.3f}")
    print("(an exam's score has its own answer-by-answer luck, about ±5 points on 65 questions, "
          "which no predictor can foresee, so backtest errors are larger and intervals hold it less often)")


def tune(population: Population, pass_mark: float) -> None:
    """Coordinate descent over TUNE_GRID, twice round, on the checkpoints at 100 and 200 answers."""
    course = load_course(bundled_course_dir()).course
    points = [c for c in population.checkpoints if c.threshold in (100, 200)]

    def loss(parameters: ModelParameters) -> tuple[float, Figures]:
        pairs = []
        for c in points:
            r = estimate_readiness(course, c.evidence, parameters=parameters, samples=150)
            pairs.append((Prediction(r.overall or 0.0, r.low or 0.0, r.high or 0.0, r.pass_probability or 0.0), c.truth))
        f = figures(pairs, pass_mark)
        # error first; each 3 points the interval's coverage is off 80% cost like a point of error
        return f.mean_absolute_error + abs(f.coverage - 0.80) * 33 + f.brier * 10, f

    best = PARAMETERS
    best_loss, best_figures = loss(best)
    for _ in range(2):
        for name, values in TUNE_GRID.items():
            for value in values:
                trial = replace(best, **{name: value})
                if trial == best:
                    continue
                trial_loss, trial_figures = loss(trial)
                if trial_loss < best_loss:
                    best, best_loss, best_figures = trial, trial_loss, trial_figures
                    f = best_figures
                    print(f"loss {best_loss:.3f}: {best} → MAE {f.mean_absolute_error:.2f}, bias {f.bias:+.2f}, "
                          f"in 80% {f.coverage:.1%}, Brier {f.brier:.3f}", flush=True)
    f = best_figures
    print(f"\nbest: {best}\n  MAE {f.mean_absolute_error:.2f}, in 80% {f.coverage:.1%}, Brier {f.brier:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--seed", type=int, default=200_000, help="first learner seed of the report population")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--tune", action="store_true", help="grid-search the estimator on the tuning seeds")
    args = parser.parse_args()
    course = load_course(bundled_course_dir()).course
    pass_mark = full_exam_blueprint(course).pass_mark
    first = 0 if args.tune else args.seed
    start = time.perf_counter()
    population, cpu = simulate(range(first, first + args.learners), args.jobs)
    print(f"simulated {args.learners} learners (seeds {first}–{first + args.learners - 1}) in "
          f"{time.perf_counter() - start:.0f} s on {args.jobs} process(es), {cpu:.0f} s of CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    if args.tune:
        tune(population, pass_mark)
    else:
        report(population, pass_mark, args.learners)


if __name__ == "__main__":
    main()
