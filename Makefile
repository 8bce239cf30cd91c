# The README's two commands: `make demo` runs the portal with demo data, `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYVER := $(shell cat .python-version)
export DEBUG ?= 1
# The suite on every core (pytest-xdist; at most four workers, each with a Redis database of its
# own when REDIS_URL is set: project/settings_test.py). `make test PYTEST_ARGS=tests/clients` runs a part.
PYTEST_ARGS ?= -n auto --maxprocesses 4

.PHONY: demo test lint requirements clean venv browser deploy-tools messages

$(VENV)/.installed: requirements.txt requirements-dev.txt .python-version
	@test -x $(PY) || $$(command -v python$(PYVER) || pyenv which python || echo python$(PYVER)) -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12+ is needed, got " + sys.version' 
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

# The demo's payee (apps/payments/, project/config/payments.py): made-up details that pass the
# start-up checks, so that «Взаиморасчёты» offers payment orders and QR codes. Not the company's.
demo: export PAYEE_NAME ?= АО "Подольскогнеупор"
demo: export PAYEE_INN ?= 5036000003
demo: export PAYEE_KPP ?= 503601001
demo: export PAYEE_BANK_NAME ?= ПАО Сбербанк
demo: export PAYEE_BIC ?= 044525225
demo: export PAYEE_ACCOUNT ?= 40702810200000000001
demo: export PAYEE_CORR_ACCOUNT ?= 30101810400000000225
demo: venv
	$(PY) manage.py migrate --no-input
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(PY) manage.py demo_load
	@echo; cat fixtures/demo-logins.txt; echo; echo "Ctrl-C stops everything."; echo
	$(VENV)/bin/honcho start -f Procfile

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser:
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || { echo "Install Debian's chromium (apt-get install chromium) for the browser tests"; exit 1; }

# The tests of deploy/ run Debian's nginx in front of gunicorn and check the systemd units with
# systemd-analyze; the test starts nginx itself, so one the package may have started is stopped.
deploy-tools:
	@test -x /usr/sbin/nginx -a -x /usr/bin/systemd-analyze || { test "$$(id -u)" = 0 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx systemd >/dev/null && { /usr/sbin/nginx -s quit 2>/dev/null || true; }; } || { echo "Install Debian's nginx and systemd (apt-get install nginx systemd) for the tests of deploy/"; exit 1; }

test: venv browser deploy-tools
	$(PY) manage.py compilemessages --ignore=.venv -v 0
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Recompile the pins after editing requirements*.in.
requirements: venv
	$(VENV)/bin/uv pip compile -q requirements.in -o requirements.txt --python-version $(PYVER)
	$(VENV)/bin/uv pip compile -q requirements-dev.in -o requirements-dev.txt --python-version $(PYVER)

clean:
	rm -rf var/ .pytest_cache

# Refresh both catalogues after changing texts; Russian is the source language (msgen copies it).
messages: venv
	$(PY) manage.py makemessages -l ru -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=docs --no-obsolete
	@# Russian is the source: new entries get msgstr = msgid, but entries already translated keep
	@# theirs (plural forms need a «few» form msgen cannot write: «2 клиента»).
	@mkdir -p var && RU=locale/ru/LC_MESSAGES/django.po && \
	sed -i '1,/^msgid ""$$/{/^#, fuzzy$$/d}' $$RU && \
	msgattrib --no-wrap --clear-fuzzy --empty $$RU -o var/ru-all.po && \
	msgattrib --no-wrap --translated var/ru-all.po -o var/ru-done.po && \
	msgattrib --force-po --no-wrap --untranslated var/ru-all.po | msgen --force-po --no-wrap - -o var/ru-new.po && \
	msgcat --no-wrap --use-first var/ru-done.po var/ru-new.po -o $$RU && \
	rm -f var/ru-all.po var/ru-done.po var/ru-new.po
	msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po
