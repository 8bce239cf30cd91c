from django.conf import settings


def company(request) -> dict:
    """The company's name and contacts, shown in every page's header."""
    return {
        "company": {
            "name": settings.COMPANY_NAME,
            "site": settings.COMPANY_SITE,
            "phones": settings.COMPANY_PHONES,
            "email": settings.COMPANY_EMAIL,
        }
    }
