"""Precedent search: schema, analyzers, index and queries behind one seam."""
