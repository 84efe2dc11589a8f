# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and printed by seed_demo use the port the shop runs on, unless
# the caller set SHOP_BASE_URL.
SHOP_BASE_URL ?= http://$(HOST):$(PORT)
# The local Mollie-compatible payment server `make run` starts beside the shop.
MOLLIE_PORT ?= 8765
DEMO_ADMIN_EMAIL ?= admin@atelier.test
DEMO_ADMIN_PASSWORD ?= atelier-demo
# Production values for `check --deploy`: dummies, nothing here is ever connected to.
DEPLOY_ENV := DJANGO_ENV=production DJANGO_DEBUG=false \
	DJANGO_SECRET_KEY=check-deploy-dummy-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DJANGO_ALLOWED_HOSTS=shop.example.com DATABASE_URL=postgres://u:p@db.invalid:5432/atelier \
	REDIS_URL=redis://redis.invalid:6379/0 AWS_STORAGE_BUCKET_NAME=atelier-media \
	SHOP_BASE_URL=https://shop.example.com MOLLIE_API_KEY=live_checkdeploydummy

CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install lint check bench clean browser

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --omit=optional --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Browser tests drive Debian's Chromium through Playwright (pip); Playwright's own
# browser download cannot work on machines without internet access.
browser:
	@test -x $(CHROMIUM) || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "Browser tests need Chromium: sudo apt-get install chromium"; fi; }

RUN_ENV = SHOP_BASE_URL=$(SHOP_BASE_URL) DEMO_ADMIN_EMAIL=$(DEMO_ADMIN_EMAIL) \
	DEMO_ADMIN_PASSWORD=$(DEMO_ADMIN_PASSWORD) \
	MOLLIE_API_ENDPOINT=http://$(HOST):$(MOLLIE_PORT)

run: install
	$(PY) manage.py migrate --noinput
	env $(RUN_ENV) $(PY) manage.py seed_demo
	@echo "Shop:  $(SHOP_BASE_URL)/"
	@echo "Admin: $(SHOP_BASE_URL)/admin/ ($(DEMO_ADMIN_EMAIL) / $(DEMO_ADMIN_PASSWORD))"
	@echo "Login: $(SHOP_BASE_URL)/account/login/"
	@echo "Payments: local Mollie-compatible server on http://$(HOST):$(MOLLIE_PORT)/"
	$(PY) -m shop.payments.mollie_local --host $(HOST) --port $(MOLLIE_PORT) & \
		trap "kill $$!" EXIT INT TERM; \
		env $(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	env $(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

test: install browser lint check
	node --test static/js/
	$(VENV)/bin/pytest --junitxml=.test-report.xml $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles .test-report.xml
