"""Checking that readiness is calibrated: synthetic learners study through the real store; see simulate.py.

- `learners`: the synthetic learners and items (deliberately unlike the estimator's model).
- `simulate`: a learner's weeks of study on a FakeClock, checkpoints and backtests.
- `metrics`: mean absolute error, interval coverage, Brier score, per predictor.
"""
