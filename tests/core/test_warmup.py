"""A django-q2 worker readies itself at spawn (apps/core/warmup.py): only local work, so a 1C,
SMTP server or network that is down or stalled can never keep a fresh worker from its queue."""

import logging
import socket

import pytest
from django_q.signals import post_spawn

from apps.core import warmup


def test_a_spawned_worker_warms_itself_before_its_first_task(caplog):
    with caplog.at_level(logging.INFO, logger="apps.core.warmup"):
        post_spawn.send(sender="django_q", proc_name="Worker-7")  # what django-q2 sends at spawn
    assert [r.getMessage().split(" in ")[0] for r in caplog.records] == ["Worker-7 warmed up"]


def test_the_warm_up_touches_no_network_and_finds_every_template_it_names(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise AssertionError("the warm-up must not open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with caplog.at_level(logging.INFO, logger="apps.core.warmup"):
        warmup.warm_worker(sender="django_q", proc_name="Worker-1")
    # Every e-mail template it warms still exists: nothing but the closing line is logged.
    assert [r.levelname for r in caplog.records] == ["INFO"]


def test_the_apps_name_what_to_warm_and_zeep_is_among_it():
    import sys

    warmup.warm_worker(sender="django_q", proc_name="Worker-2")
    assert "zeep" in sys.modules and "apps.documents.tasks" in sys.modules
    assert "documents/email/archive" in warmup.warm_mail_templates()


@pytest.mark.parametrize("name", warmup.warm_mail_templates())
def test_each_warmed_mail_template_is_one_the_portal_sends(name):
    from pathlib import Path

    sources = "\n".join(p.read_text() for p in Path("apps").rglob("*.py"))
    assert f'"{name}"' in sources
