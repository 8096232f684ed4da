"""Stage 3, records: one article checked and normalised into a frozen record that holds everything
the graph will state about it.
"""
