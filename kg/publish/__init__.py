"""The graph out to other tools: RDF exports and pushes into remote triple stores."""
