"""The statistics laid out by the cells the terminal draws: `tutor.store.report.stats_sections`
builds them, given this measure (Rich's, which Textual renders with) to fit labels by."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from ..store.report import Section
from ..store.report import stats_sections as _sections
from ..store.stats import Stats


def fit_cells(text: str, cells: int) -> str:
    """`text` padded to `cells` terminal cells, or cut to them with an ellipsis."""
    if cell_len(text) <= cells:
        return text + " " * (cells - cell_len(text))
    return set_cell_size(set_cell_size(text, cells - 1).rstrip() + "…", cells)


def stats_sections(stats: Stats, lang: str, *, width: int = 78) -> list[Section]:
    return _sections(stats, width=width, lang=lang, fit=fit_cells)
