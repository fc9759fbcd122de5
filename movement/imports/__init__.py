"""Bulk import of registries and period data from real Vietnamese spreadsheets (DESIGN §3, §7, §12)."""

from movement.imports.outcome import Outcome, RowError
from movement.imports.reader import ImportFileError

__all__ = ["ImportFileError", "Outcome", "RowError"]
