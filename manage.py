#!/usr/bin/env python
import os
import sys

# Commands that only read the code (models, sources, catalogues): they never serve a request,
# sign a cookie or run a task, so they need no SECRET_KEY and may run on a bare checkout (a
# pre-commit check, a developer's `makemigrations`). Everything else gets the strict settings.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    if len(sys.argv) > 1 and sys.argv[1] in OFFLINE_COMMANDS and "SECRET_KEY" not in os.environ:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
