# The two commands of the README (`make start`, `make test`) and their parts.
# Every recipe runs with the project's own toolchain (scripts/toolchain.sh), never a
# Node or yarn installed by hand.
SHELL := /usr/bin/env bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

.PHONY: help install start test bench typecheck lint image

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## install Node 22 (if needed), yarn and the dependencies
	@scripts/install.sh

start: install ## run the portal: http://localhost:3000 (backend :7007), with the sandbox cluster when Go is available
	@scripts/start.sh

test: install ## type check, lint and every test tier; prints a summary
	@scripts/test.sh

bench: install ## benchmarks, reported as ratios against the official plugin / raw API
	@scripts/bench.sh

image: ## build deploy/Dockerfile with buildah on a local Node 22 base and check the container against PostgreSQL (root)
	@scripts/image/test.sh

-include sandbox/sandbox.mk
