"""The study network: a NetworkX projection of the graph, views of it, files for network tools, and
the offline page.
"""
