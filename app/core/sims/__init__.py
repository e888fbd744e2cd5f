"""Simulations of Lambda's behaviour over time, on a simulated clock.

Each simulation is a pure function of validated parameters and a seed that returns a `SimResult`.
Parameters are declared once (`Param`) and read from there by the CLI, the app and the course validator.
"""
