"""coldstart: learn AWS Lambda in the terminal and prepare for the Developer Associate exam."""

__version__ = "0.1.0"
