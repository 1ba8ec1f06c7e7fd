# roomsync: `make run` starts the local system, `make test` runs every test. JDK 17+ and Maven are all it needs.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
STACK_JAR := tools/local-stack/target/roomsync-local-stack-0.1.0-SNAPSHOT.jar
STACK := java -Droomsync.root=$(CURDIR) -cp $(STACK_JAR) io.roomsync.stack.Main
# The processes `make run` starts after Kafka and the registry, in this order.
SERVICES ?= tim-emulator ingest role-sync moderation notice-dispatch
# Replicas of each service (REPLICAS=2 make run); unset: as the running stack, else 1. Replica k listens on the
# service's port + 100*(k-1) (role-sync 8081, 8181, ...); the emulator, Kafka and the registry run once.
REPLICAS ?=

.PHONY: help build run demo stop status test test-web test-tools test-browser bench fuzz images clean release-schemas

help:
	@echo "make run      build, then start Kafka, the schema registry and roomsync on 127.0.0.1 (make stop stops them);"
	@echo "              REPLICAS=2 make run runs two replicas of each service (ports +100)"
	@echo "make test     run the whole test suite (unit and integration, real broker and registry)"
	@echo "make demo     make run, then a short live-room scenario with its story and the convergence check"
	@echo "make bench    measure the emulator, ingest, role-sync (and a spam wave), notice-dispatch and moderation"
	@echo "make fuzz     the fuzz suite on the running system (make run first if needed): COUNT=2000 SEED=1;"
	@echo "              FRESH=1 runs it on a fresh stack of its own (FuzzIT) instead"
	@echo "make images   build the container images of the services and the emulator (needs a Docker engine)"
	@echo "make status   what runs, where, with pid and log"
	@echo "make clean    remove build output and the local stack's data (.run/)"

build:
	$(MVN) $(MVN_FLAGS) -q package -DskipTests

run: build
	@$(STACK) up --replicas "$(REPLICAS)" $(SERVICES)
	@echo
	@echo "roomsync is running. Logs: .run/logs/   Topics: bin/roomsync tail im-events -f   Stop: make stop"
	@echo "Demo room page: http://127.0.0.1:8090/web/demo/?room=live_demo&user=viewer_1 (bin/roomsync emulator create-room --id live_demo --owner host_1 first)"
	@echo "Operator console: http://127.0.0.1:8070/  (sign in with: bin/roomsync token --scope all --subject you)"

# A short scenario on the running system: what happened, then whether Tencent, role-sync and every client agree.
demo: run
	@bin/roomsync scenario --rooms 1 --viewers 50 --seed $${SEED:-7}

stop:
	@if [ -f $(STACK_JAR) ]; then $(STACK) down; else echo "nothing was started here"; fi

status:
	@$(STACK) status

test: test-web test-tools test-browser
	$(MVN) $(MVN_FLAGS) verify

# promtool (Debian's prometheus package) checks the alerting rules and the dashboard's queries in deploy/validation;
# installed here when missing and apt-get can (root), else that test says it skipped the promtool checks.
test-tools:
	@command -v promtool >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
	  || echo "promtool not found and not installable: the monitoring test skips its promtool checks"

# The browser tests (tools/browser) drive Debian's headless Chromium through its ChromeDriver: installed here when
# missing and apt-get can (root, as in CI), else those tests are skipped and say so. Fonts: a recommended package that
# --no-install-recommends would leave out, and screenshots need.
test-browser:
	@{ command -v chromium && command -v chromedriver; } >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-liberation >/dev/null; } \
	  || echo "chromium or chromedriver not found and not installable: the browser tests (tools/browser) are skipped"

# The web client helper (clients/web) and the console's pure functions (clients/console) have no dependencies:
# Node 18+ runs their tests as they are.
test-web:
	@if command -v node >/dev/null; then node --test --test-reporter=dot clients/web/test/ clients/console/test/; \
	else echo "node not found: skipping the web client's and the console's tests (clients/web, clients/console)"; fi

bench: build
	@tools/bench/run.sh

# The fuzz suite (tools/fuzz): COUNT seeded requests against the running system, or with FRESH=1 against a stack of
# its own on spare ports (FuzzIT, as make test runs it with 300). Every failing request goes to .run/fuzz-failures-SEED.txt
# (FRESH: tools/fuzz/target/fuzz-failures.txt).
COUNT ?= 2000
SEED ?= 1

fuzz:
ifdef FRESH
	$(MVN) $(MVN_FLAGS) -q package -DskipTests
	$(MVN) $(MVN_FLAGS) -pl tools/fuzz -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
		-Dit.test=FuzzIT -Dfailsafe.failIfNoSpecifiedTests=false -Dfuzz.count=$(COUNT) -Dfuzz.seed=$(SEED)
else
	@$(MAKE) --no-print-directory run
	@bin/roomsync fuzz --count $(COUNT) --seed $(SEED) --out .run/fuzz-failures-$(SEED).txt
endif

# The images docker-compose.yml runs, from deploy/docker/Dockerfile (one recipe, a module per image).
IMAGES := tools/tim-emulator:tim-emulator-exec.jar:tim-emulator services/ingest:ingest.jar:ingest \
	services/role-sync:role-sync.jar:role-sync services/moderation:moderation.jar:moderation \
	services/notice-dispatch:notice-dispatch.jar:notice-dispatch
IMAGE_TAG ?= dev

images:
	@docker info >/dev/null 2>&1 || { echo "make images needs a running Docker engine (docker info failed)"; exit 2; }
	@for image in $(IMAGES); do IFS=: read -r module jar name <<< "$$image"; \
		docker build -f deploy/docker/Dockerfile --build-arg MODULE=$$module --build-arg JAR=$$jar \
			-t roomsync/$$name:$(IMAGE_TAG) . || exit 1; done

clean: stop
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf .run

# Copies the current schemas into schemas/released/$(VERSION); the build then holds every later change to them.
release-schemas:
	@test -n "$(VERSION)" || { echo "usage: make release-schemas VERSION=x.y.z"; exit 2; }
	@test ! -e schemas/released/$(VERSION) || { echo "schemas/released/$(VERSION) exists"; exit 2; }
	mkdir -p schemas/released/$(VERSION)
	cp schemas/src/main/avro/*.avsc schemas/released/$(VERSION)/
