"""Reads of the movement's pages: ``reports`` (home per role, a report's sections, completeness,
changes since approval) and ``records`` (the registries' lists, search, recent records)."""
