# 落实: the two commands a newcomer needs (see README.md).
#
#   make demo   set up, create a fresh demo database, load the demo plan and serve it on 127.0.0.1:8000
#   make test   set up, then run the whole test suite (SQLite by default; DATABASE_URL switches database)
#
# Set-up steps leave stamp files, so a second run skips what is already done and only redoes a step when
# its inputs (pyproject.toml, package-lock.json, the copy script) change.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n 2
VENDOR := luoshi/static/vendor

.PHONY: demo test setup python assets browser clean

demo: setup
	$(BIN)/luoshi demo --port $(PORT)

test: setup browser
	$(BIN)/pytest $(PYTEST_ARGS)

setup: python assets

python: $(VENV)/.installed
assets: $(VENDOR)/.copied

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11（python3.11 或 python3）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENDOR)/.copied: node_modules/.installed scripts/copy_vendor.mjs
	node scripts/copy_vendor.mjs
	touch $@

# The browser journeys drive Debian's chromium (never a downloaded browser build) with CJK fonts.
browser:
	@if [ ! -x /usr/bin/chromium ] || { command -v dpkg >/dev/null && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; }; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	  else \
	    echo "浏览器测试需要 Debian 的 chromium：sudo apt-get install -y chromium fonts-noto-cjk"; exit 1; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
