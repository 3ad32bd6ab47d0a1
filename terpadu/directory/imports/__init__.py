"""Bulk import and export of the directory (agencies, units, positions, employees) as XLSX or CSV.

``directory_import`` checks a file (dry run) or writes it all-or-nothing; ``directory_export`` and
``import_template`` produce files in the same format. The column tables are in :mod:`.columns`.
"""

from .exports import ALL, ExportFile, directory_export, import_template
from .report import Counts, ImportReport, RowError
from .service import directory_import

__all__ = [
    "ALL",
    "Counts",
    "ExportFile",
    "ImportReport",
    "RowError",
    "directory_export",
    "directory_import",
    "import_template",
]
