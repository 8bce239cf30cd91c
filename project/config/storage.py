"""Static files and the private files (archives, acts): a local folder or an S3 bucket."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

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
# Private files (archives, acts) live outside STATIC/MEDIA URLs and are served only by views
# that check the owner; the code reaches them only through STORAGES["private"]. By default a
# folder that the web and the workers share; with PRIVATE_STORAGE_BUCKET set, a bucket in
# S3-compatible object storage through django-storages (`pip install "django-storages[s3]"`),
# its credentials from boto3's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a role).
PRIVATE_STORAGE_DIR = Path(env_str("PRIVATE_STORAGE_DIR", str(VAR_DIR / "private")))
PRIVATE_STORAGE_BUCKET = env_str("PRIVATE_STORAGE_BUCKET", "")
if not PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_DIR},
    }
else:
    import importlib.util

    if not (importlib.util.find_spec("storages") and importlib.util.find_spec("boto3")):
        raise ImproperlyConfigured('PRIVATE_STORAGE_BUCKET needs django-storages: pip install "django-storages[s3]"')
    from botocore.config import Config as S3ClientConfig

    _private_endpoint = env_url("PRIVATE_STORAGE_ENDPOINT_URL", "")
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": _private_endpoint or None,
            "region_name": env_str("PRIVATE_STORAGE_REGION", "") or None,
            "location": env_str("PRIVATE_STORAGE_PREFIX", ""),  # a key prefix inside the bucket
            "default_acl": None,  # no per-object ACL: the bucket's policy, which keeps it private
            "file_overwrite": False,
            # A file read from the bucket is spooled to disk past 4 MB, not held in memory whole.
            "max_memory_size": 4 * 1024 * 1024,
            # Explicit timeouts; path-style addresses, which every S3-compatible store serves.
            "client_config": S3ClientConfig(
                connect_timeout=10,
                read_timeout=60,
                s3={"addressing_style": "path" if _private_endpoint else "auto"},
            ),
        },
    }
