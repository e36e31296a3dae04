"""Alqa: records and publishing system of the civil cassation collegium.

The pipeline is visible in the package: load -> validate (checks) -> corpus -> builders -> write.
"""

__version__ = "0.1.0"
