# Included by the top-level Makefile. Targets:
#   make sandbox                 start (or re-print the env of) the local cluster + Argo CD
#   make sandbox-stop            stop the processes the sandbox started
#   make sandbox-clean           stop and delete the state folder (.sandbox/)
#   make sandbox-scenario NAME=x apply a scenario (see sandbox/README.md)
#   make sandbox-build           compile the pinned binaries into the per-user cache
#   make sandbox-versions        pinned versions and what the binaries report
# Only the export lines of `make sandbox` go to stdout; use
#   eval "$(make -s sandbox)"
SANDBOX_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

.PHONY: sandbox sandbox-component sandbox-stop sandbox-clean sandbox-scenario sandbox-build sandbox-versions sandbox-status

sandbox:
	@$(SANDBOX_MK_DIR)/bin/up.sh

sandbox-stop:
	@$(SANDBOX_MK_DIR)/bin/stop.sh

sandbox-clean:
	@$(SANDBOX_MK_DIR)/bin/clean.sh

sandbox-scenario:
	@test -n "$(NAME)" || { echo "usage: make sandbox-scenario NAME=<rolling-update|stalled-rollout|crash-loop|hpa-scale-up|ml-usage-high|mlmodel-failed|argocd-out-of-sync|rollout-canary|rollout-promote|rollout-analysis-fail|rollout-abort|reset>" >&2; exit 2; }
	@$(SANDBOX_MK_DIR)/bin/scenario.sh $(NAME)

sandbox-build:
	@$(SANDBOX_MK_DIR)/bin/build.sh

sandbox-versions:
	@$(SANDBOX_MK_DIR)/bin/versions.sh

sandbox-status:
	@$(SANDBOX_MK_DIR)/bin/status.sh

# make sandbox-component ACTION=stop|start|restart NAME=kube-apiserver
sandbox-component:
	@test -n "$(ACTION)" -a -n "$(NAME)" || { echo "usage: make sandbox-component ACTION=<stop|start|restart> NAME=<component>" >&2; exit 2; }
	@$(SANDBOX_MK_DIR)/bin/component.sh $(ACTION) $(NAME)
