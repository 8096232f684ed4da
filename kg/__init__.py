"""Turn Markdown summaries of space-biology publications into an RDF knowledge graph."""

__version__ = "0.1.0"
