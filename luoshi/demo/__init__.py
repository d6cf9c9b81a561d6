"""The demo: the founding meeting's plan written out by hand as project data, the city's units and
accounts, and some months of progress. `data.py` holds the facts, `loader.py` writes them through the
services (so the audit record is there from the first row), `secret.py` gives the demo a secret key.

Imports nothing from Django at package level, so `luoshi.demo.secret` can run before settings load.
"""
