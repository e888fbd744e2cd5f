"""The course: its model, the located YAML reader, the validator and the loader."""
