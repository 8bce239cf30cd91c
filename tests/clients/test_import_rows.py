"""Messy rows: each gets a clear message with its Excel row number; valid rows still import."""

import pytest

from apps.clients.importing import clients_import
from apps.clients.models import Client
from tests.clients.conftest import INN_A, INN_B, INN_C, INN_ZERO
from tests.clients.xlsx import with_cached_values

pytestmark = pytest.mark.django_db


def _row(report, number):
    return next(row for row in report.rows if row.number == number)


def _import(make_xlsx, rows, **kwargs):
    return clients_import(data=make_xlsx(rows, **kwargs))


def test_inn_stored_as_a_number_gets_its_leading_zero_back(make_xlsx):
    report = _import(make_xlsx, [[105012349, None, "ООО «Огнеупор-Юг»", "buh@yug.example", None]])
    row = _row(report, 2)
    assert row.status == "new"
    assert row.messages == ["ИНН был записан числом и потерял ведущий ноль: прочитан как 0105012349."]
    assert Client.objects.get(inn=INN_ZERO).name == "ООО «Огнеупор-Юг»"


def test_inn_as_a_float_number_reads_as_digits(make_xlsx):
    report = _import(make_xlsx, [[7728012340.0, None, "АО «Металлург»", "a@m.example", None]])
    assert _row(report, 2).status == "new"
    assert Client.objects.filter(inn=INN_B).exists()


def test_inn_with_spaces_is_read_with_a_note(make_xlsx):
    report = _import(make_xlsx, [["503 601 2344 ", None, "ООО «Профкерамика»", "buh@pk.example", None]])
    row = _row(report, 2)
    assert row.status == "new"
    assert row.messages == ["ИНН «503 601 2344» прочитан как 5036012344."]


def test_inn_text_with_trailing_point_zero_is_a_lost_number(make_xlsx):
    report = _import(make_xlsx, [["105012349.0", None, "ООО «Огнеупор-Юг»", "buh@yug.example", None]])
    row = _row(report, 2)
    assert row.status == "new"
    assert row.inn == INN_ZERO
    assert "потерял ведущий ноль" in row.messages[0]


def test_inn_with_a_wrong_checksum_is_an_error_and_others_still_import(make_xlsx):
    report = _import(
        make_xlsx,
        [
            ["5036012345", None, "ООО «Опечатка»", "x@x.example", None],
            [INN_B, None, "АО «Металлург»", "a@m.example", None],
        ],
    )
    row = _row(report, 2)
    assert row.status == "error"
    assert row.messages == ["ИНН 5036012345: неверная контрольная сумма — проверьте цифры."]
    assert _row(report, 3).status == "new"
    assert list(Client.objects.values_list("inn", flat=True)) == [INN_B]


def test_inn_with_wrong_length_says_how_many_digits_it_has(make_xlsx):
    report = _import(make_xlsx, [["50360123", None, "ООО «Коротко»", "x@x.example", None]])
    assert _row(report, 2).messages == [
        "ИНН 50360123: нужно 10 цифр (организация) или 12 (предприниматель), а здесь 8."
    ]


def test_inn_with_letters_is_an_error(make_xlsx):
    report = _import(make_xlsx, [["ИНН 5036012344", None, "ООО «Буквы»", "x@x.example", None]])
    assert _row(report, 2).messages == ["ИНН «ИНН 5036012344» должен состоять только из цифр."]


def test_missing_inn_is_an_error(make_xlsx):
    report = _import(make_xlsx, [[None, None, "ООО «Без ИНН»", "x@x.example", None]])
    assert _row(report, 2).messages == ["Не указан ИНН."]


def test_kpp_that_is_not_nine_digits_is_an_error(make_xlsx):
    report = _import(make_xlsx, [[INN_A, "50360100", "ООО «Профкерамика»", "buh@pk.example", None]])
    row = _row(report, 2)
    assert row.status == "error"
    assert row.messages == ["КПП «50360100» должен состоять из 9 цифр."]


def test_kpp_stored_as_a_number_gets_its_leading_zero_back(make_xlsx):
    report = _import(make_xlsx, [[INN_ZERO, 10501001, "ООО «Огнеупор-Юг»", "buh@yug.example", None]])
    row = _row(report, 2)
    assert row.status == "new"
    assert "КПП был записан числом и потерял ведущий ноль: прочитан как 010501001." in row.messages
    assert Client.objects.get(inn=INN_ZERO).kpp == "010501001"


def test_missing_name_is_an_error(make_xlsx):
    report = _import(make_xlsx, [[INN_A, None, "  ", "buh@pk.example", None]])
    assert _row(report, 2).messages == ["Не указано наименование."]


def test_malformed_email_is_an_error(make_xlsx):
    report = _import(make_xlsx, [[INN_A, None, "ООО «Профкерамика»", "buh@@pk", None]])
    assert _row(report, 2).messages == ["E-mail «buh@@pk» записан с ошибкой."]


def test_several_addresses_in_one_cell_are_an_error(make_xlsx):
    report = _import(make_xlsx, [[INN_A, None, "ООО «Профкерамика»", "buh@pk.example; boss@pk.example", None]])
    assert _row(report, 2).messages == [
        "В ячейке e-mail несколько адресов (buh@pk.example; boss@pk.example): оставьте один — адрес по умолчанию."
    ]


def test_email_is_stored_in_lower_case_for_the_password_reset(make_xlsx):
    _import(make_xlsx, [[INN_A, None, "ООО «Профкерамика»", " Buh@PK.example ", None]])
    client = Client.objects.select_related("user").get(inn=INN_A)
    assert client.email == client.user.email == "buh@pk.example"


def test_all_faults_of_a_row_are_listed_together(make_xlsx):
    report = _import(make_xlsx, [["123", "12", None, "nope", None]])
    assert len(_row(report, 2).messages) == 4


def test_the_same_inn_twice_makes_both_rows_errors(make_xlsx):
    report = _import(
        make_xlsx,
        [
            [INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None],
            [INN_B, None, "АО «Металлург»", "a@m.example", None],
            [5036012344, None, "ООО «Профкерамика» (копия)", "other@pk.example", None],
        ],
    )
    message = "ИНН 5036012344 повторяется в строках 2, 4: оставьте одну."
    assert _row(report, 2).status == _row(report, 4).status == "error"
    assert _row(report, 2).messages == [message]
    assert _row(report, 4).messages == [message]
    assert list(Client.objects.values_list("inn", flat=True)) == [INN_B]


def test_empty_rows_are_skipped_and_counted_with_excel_row_numbers_kept(make_xlsx):
    report = _import(
        make_xlsx,
        [
            [INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None],
            [None, None, None, None, None],
            [None, None, "   ", None, None],
            [INN_B, None, "АО «Металлург»", "a@m.example", None],
            [None, None, None, None, None],
        ],
    )
    assert [row.number for row in report.rows] == [2, 5]
    assert report.empty_rows == 2  # the blank row after the last client is not counted
    assert Client.objects.count() == 2


def test_formulas_are_read_as_the_values_excel_cached(make_xlsx):
    data = make_xlsx([['="5036"&"012344"', None, '=UPPER("ооо «профкерамика»")', "buh@pk.example", None]])
    data = with_cached_values(data, {"A2": "5036012344", "C2": "ООО «ПРОФКЕРАМИКА»"})
    report = clients_import(data=data)
    assert _row(report, 2).status == "new"
    assert Client.objects.get(inn=INN_A).name == "ООО «ПРОФКЕРАМИКА»"


def test_a_formula_error_value_is_named(make_xlsx):
    data = make_xlsx([["=VLOOKUP(1,Z:Z,2,0)", None, "ООО «Профкерамика»", "buh@pk.example", None]])
    data = with_cached_values(data, {"A2": "#N/A"})
    report = clients_import(data=data)
    assert _row(report, 2).messages == ["Столбец «ИНН»: в ячейке ошибка формулы #N/A."]


def test_header_in_any_order_in_english_below_a_title_with_other_columns_ignored(make_xlsx):
    report = _import(
        make_xlsx,
        [["x", "a@m.example", "АО «Металлург»", INN_B, "+7 495 000-00-00"]],
        header=["Comment", "E-mail", "Name", "INN", "Phone"],
        above=[["Список клиентов на 28.11.2026"], []],
    )
    assert _row(report, 4).status == "new"
    client = Client.objects.get(inn=INN_B)
    assert (client.email, client.phone) == ("a@m.example", "+7 495 000-00-00")


def test_kpp_and_phone_columns_are_optional(make_xlsx):
    report = _import(
        make_xlsx, [[INN_C, "ООО «Уралтеплоизоляция»", "u@u.example"]], header=["ИНН", "Наименование", "Email"]
    )
    assert _row(report, 2).status == "new"


def test_an_inn_repeated_many_times_names_the_first_rows_and_counts_the_rest(make_xlsx):
    report = _import(make_xlsx, [[INN_A, None, f"ООО «Копия {n}»", "buh@pk.example", None] for n in range(13)])
    message = "ИНН 5036012344 повторяется в строках 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 и ещё 3: оставьте одну."
    assert {tuple(row.messages) for row in report.rows} == {(message,)}
    assert not Client.objects.exists()
