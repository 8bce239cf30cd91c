"""Static files and the private files (archives, acts): a local folder or an S3 bucket."""

from pathlib import Path

from botocore.config import Config as S3ClientConfig

from project.config.base import BASE_DIR, DEBUG, VAR_DIR
from project.env import env_str, env_url

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Private files (archives, acts, clients' scans, client imports waiting for confirmation) live
# outside STATIC/MEDIA URLs and are served only by views that check the owner; the code reaches
# them only through STORAGES["private"] (reads that leave the portal through
# apps/core/private_files.py). By default a folder that the web and the workers share; with
# PRIVATE_STORAGE_BUCKET set, a bucket in S3-compatible object storage (django-storages, pinned),
# its credentials from boto3's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a role).
# Besides the archive's build file (apps/documents/archive.py, scratch_file) the only private bytes
# on a node's disk are buffers: an upload past Django's 2.5 MB (a signed scan, a client import)
# waits in a temporary file deleted when its request ends, a large shipment pack likewise.
PRIVATE_STORAGE_DIR = Path(env_str("PRIVATE_STORAGE_DIR", str(VAR_DIR / "private")))
PRIVATE_STORAGE_BUCKET = env_str("PRIVATE_STORAGE_BUCKET", "")


def private_storage_from_env() -> dict:
    """STORAGES["private"] as the environment says; tests build a bucket's the same way."""
    bucket = env_str("PRIVATE_STORAGE_BUCKET", "")
    if not bucket:
        folder = Path(env_str("PRIVATE_STORAGE_DIR", str(VAR_DIR / "private")))
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": folder}}
    endpoint = env_url("PRIVATE_STORAGE_ENDPOINT_URL", "")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env_str("PRIVATE_STORAGE_REGION", "") or None,
            "location": env_str("PRIVATE_STORAGE_PREFIX", ""),  # a key prefix inside the bucket
            "default_acl": None,  # no per-object ACL: the bucket's policy, which keeps it private
            "file_overwrite": False,
            # Only S3File reads use this (downloads and attachments stream instead, see
            # apps/core/private_files.py): past 4 MB it would spool to disk, not hold it all.
            "max_memory_size": 4 * 1024 * 1024,
            # Explicit timeouts and three attempts in all (standard retry mode, backoff under 3 s):
            # a client waiting on a download hears that the store is down within seconds when it
            # refuses, within about 35 s when it does not answer at all. Path-style addresses,
            # which every S3-compatible store serves.
            "client_config": S3ClientConfig(
                connect_timeout=10,
                read_timeout=60,
                retries={"mode": "standard", "total_max_attempts": 3},
                s3={"addressing_style": "path" if endpoint else "auto"},
            ),
        },
    }


STORAGES["private"] = private_storage_from_env()
