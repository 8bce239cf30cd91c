"""The database cache's table whatever the cache is: with Redis, the cache falls back to it
while Redis cannot be reached (apps/core/cache.py), and createcachetable knows only the caches
configured as database ones."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "portal_cache"  # apps.core.cache.FALLBACK_TABLE, and the database cache's LOCATION


def create_fallback_table(apps, schema_editor):
    # Creates nothing when the table is there already (a deployment without Redis has it).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_heartbeat_cache_table")]
    operations = [migrations.RunPython(create_fallback_table, migrations.RunPython.noop)]
