"""Stage 2, entities: the genes, organisms, datasets, missions and topics an article names, with
the reference data they are resolved against.
"""
