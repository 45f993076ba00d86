"""SHACL validation: per-unit, digest-cached, one merged report."""
