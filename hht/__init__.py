"""hht: a self-assessment and rehab tracker for high hamstring tendinopathy."""

__version__ = "0.1.0"
