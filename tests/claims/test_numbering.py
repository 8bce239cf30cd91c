"""Claim numbers: «П-<year of filing>-<place in that year>», by Moscow's calendar, without gaps
or duplicates — when the year turns over, when a filing fails half-way, and when several
people file at the same moment (on whichever database the suite runs: SQLite or PostgreSQL)."""

import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import storages
from django.db import IntegrityError, connections, transaction

from apps.claims import services
from apps.claims.models import Claim, ClaimCounter, ClaimFile
from apps.claims.numbering import claim_number_take
from tests.claims.conftest import file_claim, photo

MSK = ZoneInfo("Europe/Moscow")


def _at(*moment, tz=MSK):
    return time_machine.travel(datetime(*moment, tzinfo=tz), tick=False)


@pytest.mark.django_db
def test_claims_of_a_year_are_numbered_one_after_another(client_org, shipment):
    with _at(2026, 11, 20, 12, 0):
        numbers = [file_claim(client_org, shipment).number for _ in range(3)]
    assert numbers == ["П-2026-0001", "П-2026-0002", "П-2026-0003"]


@pytest.mark.django_db
def test_the_first_claim_of_a_new_year_starts_again_at_one(client_org, shipment):
    with _at(2026, 12, 31, 23, 59):
        last_of_2026 = [file_claim(client_org, shipment).number for _ in range(2)]
    with _at(2027, 1, 1, 0, 1):
        first_of_2027 = file_claim(client_org, shipment).number
    with _at(2027, 1, 2, 9, 0):
        second_of_2027 = file_claim(client_org, shipment).number
    assert last_of_2026 == ["П-2026-0001", "П-2026-0002"]
    assert (first_of_2027, second_of_2027) == ("П-2027-0001", "П-2027-0002")


@pytest.mark.django_db
def test_the_year_is_moscows_not_utcs(client_org, shipment):
    with _at(2026, 12, 31, 21, 30, tz=UTC):  # 00:30 on 1 January in Moscow
        assert file_claim(client_org, shipment).number == "П-2027-0001"


@pytest.mark.django_db
def test_a_filing_that_fails_gives_its_number_back(client_org, shipment, monkeypatch):
    with _at(2026, 11, 20, 12, 0):
        file_claim(client_org, shipment)

        def broken(**kwargs):
            raise RuntimeError("the outbox table is gone")

        monkeypatch.setattr(services, "claim_staff_email", broken)
        with pytest.raises(RuntimeError):
            file_claim(client_org, shipment)
        monkeypatch.undo()
        assert file_claim(client_org, shipment).number == "П-2026-0002"
    assert Claim.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # no test transaction around it: as in production
def test_a_number_is_taken_only_inside_the_claims_transaction():
    with pytest.raises(RuntimeError):
        claim_number_take(year=2026)
    assert not ClaimCounter.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_a_number_twice_whatever_the_code_does(client_org, shipment):
    claim = file_claim(client_org, shipment)
    copy = Claim.objects.get(pk=claim.pk)
    copy.pk, copy.token = None, None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.django_db(transaction=True)
def test_claims_filed_at_the_same_moment_get_different_numbers_without_gaps(client_org, shipment):
    people, numbers, errors = 6, [], []
    start = threading.Barrier(people)
    uploads = [photo() for _ in range(people)]

    def filing(upload):
        try:
            start.wait()
            numbers.append(file_claim(client_org, shipment, files=[upload]).sequence)
        except Exception as error:  # collected: an exception in a thread would pass silently
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=filing, args=(upload,)) for upload in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == list(range(1, people + 1))
    assert ClaimCounter.objects.get().last == people


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_files_one_claim_and_leaves_no_gap(client_org, shipment):
    import uuid

    token, filed, errors = uuid.uuid4(), [], []
    start = threading.Barrier(2)

    def sending(upload):
        try:
            start.wait()
            filed.append(file_claim(client_org, shipment, files=[upload], token=token).id)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sending, args=(photo(),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and len(set(filed)) == 1 and Claim.objects.count() == 1
    assert file_claim(client_org, shipment).sequence == 2  # the refused twin gave its number back
    store = storages["private"]
    [folder] = store.listdir("claims")[0]
    assert ClaimFile.objects.count() == 2 and len(store.listdir(f"claims/{folder}")[1]) == 4  # and its photo out
