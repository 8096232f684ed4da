"""Quality checks of a built graph: SHACL validation against the shipped shapes."""
