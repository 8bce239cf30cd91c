"""Importing clients from an Excel workbook (see service.py)."""

from apps.clients.importing.service import ImportReport, RowReport, clients_import
from apps.clients.importing.workbook import ImportFileError

__all__ = ["ImportFileError", "ImportReport", "RowReport", "clients_import"]
