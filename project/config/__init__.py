"""The settings, one module a subject (project/settings.py gathers them): a setting is found
by what it is about — database, auth, storage, mail, onec, security, portal."""
