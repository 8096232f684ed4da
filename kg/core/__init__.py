"""What every stage shares: the ontology's terms and IRIs, the concept schemes, shipped files."""
