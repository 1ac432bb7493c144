"""The quarterly import of results (DESIGN.md section 8)."""
