"""Our SPARQL 1.1 Protocol endpoint, with its query page."""
