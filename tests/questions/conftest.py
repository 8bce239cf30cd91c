import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.factories import PASSWORD


def grant(user, *codenames: str):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="questions", codename__in=codenames))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def answerer(db):
    user = get_user_model().objects.create_user(username="support", password=PASSWORD, is_staff=True)
    return grant(user, "view_question", "answer_question")


@pytest.fixture
def onlooker(staff_user):
    return grant(staff_user, "view_question")
