"""`{% load onec_words %}`: 1C's words in the page's (or the e-mail's) language (apps/onec/vocabulary.py)."""

from django import template

from apps.onec.vocabulary import document_type_label, vehicle_label

register = template.Library()


@register.filter
def document_type(value: str) -> str:
    """`{{ doc.type|document_type }}`: «УПД» is "Universal transfer document" in English; a type the
    portal does not know stays as 1C wrote it."""
    return document_type_label(value)


@register.filter
def vehicle(value: str) -> str:
    return vehicle_label(value)
