"""Querying a graph: the named-query library, result formats, and the engines that answer (local
store, our endpoint, remote stores).
"""
