"""The study network: a NetworkX projection of the graph, views of it, files for network tools, and
the offline page.

NetworkX ships no type information (mypy: ``ignore_missing_imports``), so ``nx.Graph`` in the
annotations of these modules reads as ``Any``: it documents the argument, mypy cannot check it.
"""
