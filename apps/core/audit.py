from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from apps.core.models import AuditEntry


def audit_log(*, obj: Model, action: str, actor=None, **data) -> AuditEntry:
    """Record one step in an object's timeline; `data` must be JSON-serialisable."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, action=action, actor=actor, data=data
    )


def audit_entries_for(*, obj: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")
