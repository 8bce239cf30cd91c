"""Importing clients from an Excel workbook (see service.py)."""

from apps.clients.importing.errors import ImportFileError
from apps.clients.importing.service import ImportReport, RowReport, clients_import

__all__ = ["ImportFileError", "ImportReport", "RowReport", "clients_import"]
