"""Intercom connector: an Appmixer-style component package for Intercom API 2.10."""

# The distribution's version (pyproject.toml reads it from here): one constant, so no command
# pays for an importlib.metadata lookup to name itself in the User-Agent.
__version__ = "0.5.2"
