import pytest
from django.core.exceptions import ValidationError

from apps.clients.validators import normalize_inn, validate_inn


@pytest.mark.parametrize("inn", ["5036012344", "0105012349", "7707083893", "500100732259"])
def test_valid_inns_pass(inn):
    validate_inn(inn)


@pytest.mark.parametrize("inn", ["5036012345", "123", "50360123441", "abcdefghij", "", "500100732258"])
def test_invalid_inns_are_refused_with_a_clear_message(inn):
    with pytest.raises(ValidationError) as error:
        validate_inn(inn)
    assert "Некорректный ИНН" in str(error.value)


def test_normalize_drops_spaces_and_dashes():
    assert normalize_inn(" 503-601 2344\t") == "5036012344"


@pytest.mark.django_db
def test_a_client_with_a_bad_inn_cannot_be_created():
    from tests.factories import make_client

    with pytest.raises(ValidationError):
        make_client(inn="5036012345")
