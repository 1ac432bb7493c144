# OCMW–VDAB portaal. Quick start: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_PASSWORD ?= demo-portaal-2025
export DEMO_PASSWORD
# The modules mypy checks (`make lint`), with the hints of pyproject's [tool.mypy].
TYPED := \
	ocmw_portal/access.py \
	ocmw_portal/audit.py \
	ocmw_portal/backends.py \
	ocmw_portal/dutch.py \
	ocmw_portal/pages.py \
	ocmw_portal/services.py \
	activation/bulk.py \
	activation/figures.py \
	activation/similar.py \
	activation/services.py \
	activation/cooperation/selectors.py \
	activation/cooperation/services.py \
	activation/imports/services.py \
	activation/imports/undoing.py \
	activation/imports/writing.py \
	consultations/report.py \
	consultations/selectors.py \
	consultations/services.py \
	consultations/planning/calendar.py \
	consultations/planning/notifications.py \
	consultations/planning/selectors.py \
	consultations/planning/services.py \
	dashboards/selectors.py \
	api/auth.py \
	api/params.py \
	api/selectors.py \
	api/views.py

.PHONY: install run run-acm test lint format bench loadtest browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py load_reference_data
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo
	@echo
	@echo "Het portaal draait op http://127.0.0.1:8000"
	@echo "Demo-accounts (wachtwoord: $(DEMO_PASSWORD)):"
	@echo "  beheerder                       functioneel beheerder"
	@echo "  netwerkmanager.oost-vlaanderen  VDAB, provincie Oost-Vlaanderen"
	@echo "  netwerkmanager.vlaanderen       VDAB, heel Vlaanderen"
	@echo "  ocmw.gent                       OCMW Gent (44021)"
	@echo "  ocmw.aalst                      OCMW Aalst (41002)"
	@echo "  ocmw.pajottegem                 OCMW Pajottegem (23106)"
	@echo
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# The portal with "Aanmelden bij de Vlaamse overheid" against the local OpenID provider of the
# tests (tests/acm_provider) on port 8001, with its test users an.ocmw.gent (OCMW Gent) and
# bart.vdab.oost (VDAB Oost-Vlaanderen), password acm-test-wachtwoord.
ACM_ENV = PORTAL_OIDC_ISSUER=http://127.0.0.1:8001 PORTAL_OIDC_CLIENT_ID=ocmw-portaal \
	PORTAL_OIDC_CLIENT_SECRET=acm-test-geheim
run-acm: $(STAMP)
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py load_reference_data
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=true $(BIN)/python -m tests.acm_provider.mapping
	@mkdir -p .acm-provider
	@echo
	@echo "Het portaal draait op http://127.0.0.1:8000, de testprovider op http://127.0.0.1:8001"
	@echo "ACM-testgebruikers (wachtwoord: acm-test-wachtwoord): an.ocmw.gent, bart.vdab.oost"
	@echo
	$(BIN)/python -m tests.acm_provider 8001 .acm-provider http://127.0.0.1:8000 & \
	provider=$$!; trap "kill $$provider" EXIT INT TERM; \
	DJANGO_DEBUG=true $(ACM_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Installs Debian's Chromium for the browser tests when it is missing (needs root and apt).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Chromium ontbreekt: installeren met apt-get (voor de browsertests)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "Chromium kon niet geïnstalleerd worden: de browsertests worden overgeslagen"; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SECRET_KEY=lint-only $(BIN)/mypy $(TYPED)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) browser lint
	DJANGO_SECRET_KEY=test-only-secret $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m tests.bench

loadtest: $(STAMP)
	$(BIN)/python -m tests.loadtest

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
