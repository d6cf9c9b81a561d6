"""落实 (luoshi): turn a work-deployment meeting or plan into tracked, accountable, assessed work."""

__version__ = "0.1.0"
