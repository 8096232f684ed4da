"""The version of this package, in one place (the build records it as the graph's provenance)."""

__version__ = "0.1.0"
