"""How much of a workbook the import will read, so that an upload cannot eat the web worker.

A 1 MB xlsx can unpack to gigabytes and a 2 MB one can hold millions of rows. Every file must
be refused, or imported with under 200 MB of memory growth and well inside gunicorn's timeout,
in the admin and in `import_clients` alike (tests/security/test_import_limits.py measures it).
Real client lists stay far inside these numbers; the worst accepted files measured about
+115 MB, and 12 seconds for a sheet of 99 MB (6 million cells) on a busy core.

Read the limits through the module (`limits.MAX_ROWS`), so that a test can lower one.
"""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.clients.importing.errors import ImportFileError

MB = 1024 * 1024

# The upload, checked before it is read.
MAX_FILE_MB = 10
# How far down the first rows of a sheet the header is looked for.
HEADER_SEARCH_ROWS = 20
# Rows under the header, blank ones included. A row's report and its client cost up to ~5 KB
# (100,000 plain rows measured +350 MB); 20,000 is twice the list the import was built for.
MAX_ROWS = 20_000
# A cell in a column the import reads: no valid value comes near (a name is at most 255).
MAX_CELL_CHARS = 1_000

# The zip's central directory, before anything is inflated.
MAX_PARTS = 1_000
# The sheet is parsed once, at ~8 MB a second on a busy core (sheetxml.py).
MAX_UNPACKED_MB = 100
# Real sheets compress 5–20 times; deflate cannot do better than ~1,000.
MAX_RATIO = 100
RATIO_FLOOR_MB = 1  # smaller parts may compress as well as they like
# A picture or another part that is not XML is stored already compressed.
MAX_BINARY_PART_MB = 10

# The XML, counted as it streams by, before anything in it is kept (xmlscan.py).
MAX_TEXT_CHARS = 32_767  # Excel's own limit for one cell
# Every shared string is kept, and everything outside the sheets' rows is counted as if a tree of
# it were (as openpyxl, which the import was first built on, keeps it): their estimated size.
# A client list of 20,000 rows keeps a few megabytes.
MAX_KEPT_MB = 80
# One row is held whole while it is read.
MAX_ROW_NODES = 100_000
MAX_ROW_CHARS = 1_000_000
# A tag, comment or name that expat must buffer whole before it says anything.
MAX_TOKEN_BYTES = 1 * MB


def check_file_size(size: int) -> None:
    if size > MAX_FILE_MB * MB:
        raise ImportFileError(
            _(
                "Размер файла %(size)s МБ — больше допустимых %(max)d МБ. Уберите из книги лишние листы "
                "и картинки или разделите список на несколько файлов."
            )
            % {"size": megabytes(size), "max": MAX_FILE_MB}
        )


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "На листе больше %(max)s строк под заголовком — столько за один раз не импортируется. "
            "Разделите список на несколько файлов. Если клиентов меньше, удалите пустые строки "
            "с оформлением в конце листа (Ctrl+End покажет последнюю занятую ячейку)."
        )
        % {"max": number(MAX_ROWS)}
    )


def number(value: int) -> str:
    return number_format(value, force_grouping=True)


def megabytes(size: int) -> str:
    return number_format(size / MB, decimal_pos=1, force_grouping=True)
