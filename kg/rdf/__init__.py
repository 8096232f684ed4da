"""Stage 4, graph: records mapped to canonical N-Quads, Turtle written from them, and the store
that answers queries.
"""
