"""Reading, validating and checking fact packs: YAML in, typed records and findings out."""
