import pytest

from tests.clients.xlsx import workbook_bytes

# Valid INNs (checksums right): organisations with 10 digits, one with a leading zero.
INN_A = "5036012344"
INN_B = "7728012340"
INN_ZERO = "0105012349"
INN_C = "6612003457"


@pytest.fixture
def make_xlsx(tmp_path):
    """Write a workbook into tmp_path and return its bytes (the path is kept for the command tests)."""

    def make(rows, **kwargs) -> bytes:
        data = workbook_bytes(rows, **kwargs)
        (tmp_path / "clients.xlsx").write_bytes(data)
        return data

    return make
