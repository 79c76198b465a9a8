#!/usr/bin/env bash
# Container smoke test: builds the connector image with podman and runs it the way the Airbyte
# platform would, on a machine that has no Docker engine and cannot pull images
# (see ../shared/container/README.md).
#
#   scripts/container-smoke.sh
#
# Steps:
#   1. build the stand-in base image the Dockerfile names (node:24-bookworm-slim: a real Node 24);
#   2. build localhost/source-customer-io:dev from the unchanged Dockerfile;
#   3. `spec` with no network, a read-only root filesystem and the image's non-root user;
#   4. labels, AIRBYTE_ENTRYPOINT and USER from `podman inspect`, checked against metadata.yaml
#      and package.json;
#   5. the fake Customer.io API on the host, `check`, `discover` and then `read` (full_refresh) of
#      a few streams in the container against it, with the config and catalog mounted read-only.
#
# Environment:
#   IMAGE           image tag to build and run (default localhost/source-customer-io:dev)
#   SMOKE_STREAMS   streams to read (default "campaigns segments messages")
#   FAKE_API_WAIT   seconds to wait for fake-api/main.ts to appear (default 900)
#   SKIP_BUILD=1    reuse an already built IMAGE (skips steps 1 and 2)
# Needs root (podman with the vfs driver) and node/npm on the host. .ci/run runs it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

IMAGE=${IMAGE:-localhost/source-customer-io:dev}
SMOKE_STREAMS=${SMOKE_STREAMS:-campaigns segments messages}
FAKE_API_WAIT=${FAKE_API_WAIT:-900}

podman_=(podman --storage-driver vfs)
# The sandbox here refuses podman's default runtime and limits.
run_=("${podman_[@]}" --runtime runc run --rm --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

log() { printf '\n==> %s\n' "$*" >&2; }
fail() { printf 'SMOKE FAILED: %s\n' "$*" >&2; exit 1; }
# Prints the tail of a command's stdout and stderr (files $work/NAME.out and $work/NAME.err).
show() {
  printf -- '--- %s stdout (last lines)\n' "$1" >&2; tail -n 10 "$work/$1.out" | cut -c1-400 >&2 || true
  printf -- '--- %s stderr (last lines)\n' "$1" >&2; tail -n 20 "$work/$1.err" >&2 || true
}

work=$(mktemp -d)
fake_pid=
cleanup() {
  if [ -n "$fake_pid" ]; then
    kill -TERM -- "-$fake_pid" 2>/dev/null || kill -TERM "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# The container runs as uid 1000: the mounted files must be readable by it.
chmod 755 "$work"

[ -d node_modules ] || { log "npm ci (host dependencies for the fake API)"; npm ci --no-audit --no-fund >&2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  base=$(sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile | sort -u)
  [ "$(printf '%s\n' "$base" | wc -l)" -eq 1 ] || fail "the Dockerfile's stages name different base images: $base"
  log "stand-in base image docker.io/library/$base"
  ../shared/container/stand-in-base.sh "docker.io/library/$base"

  log "podman build $IMAGE"
  previous=$("${podman_[@]}" image inspect "$IMAGE" --format '{{.Id}}' 2>/dev/null || true)
  t0=$(date +%s)
  podman build --storage-driver vfs --isolation chroot --network host --pull=never -t "$IMAGE" . >"$work/build.log" 2>&1 \
    || { tail -n 60 "$work/build.log" >&2; fail "podman build"; }
  build_secs=$(( $(date +%s) - t0 ))
  echo "image built in ${build_secs}s" >&2
  # vfs keeps a full copy of every layer: drop what earlier runs of this script left behind
  # (the image this tag pointed to before, and untagged images of the Dockerfile's build stage).
  current=$("${podman_[@]}" image inspect "$IMAGE" --format '{{.Id}}')
  if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
    "${podman_[@]}" rmi "$previous" >/dev/null 2>&1 || true
  fi
  "${podman_[@]}" image prune -f --filter label=stage=source-customer-io-build >/dev/null 2>&1 || true
fi
size=$("${podman_[@]}" image inspect "$IMAGE" --format '{{.Size}}')
echo "image size: $size bytes ($(( size / 1024 / 1024 )) MiB)" >&2

# Checks a file of connector stdout: every line is one JSON Airbyte message; prints a summary.
check_output() { # file command
  node --input-type=module - "$@" <<'JS'
import { readFileSync } from 'node:fs';
const [file, command] = process.argv.slice(2);
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
const counts = {};
const records = {};
for (const [i, line] of lines.entries()) {
  let msg;
  try { msg = JSON.parse(line); } catch { console.error(`line ${i + 1} is not JSON: ${line.slice(0, 200)}`); process.exit(1); }
  if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
    console.error(`line ${i + 1} is not an Airbyte message: ${line.slice(0, 200)}`); process.exit(1);
  }
  counts[msg.type] = (counts[msg.type] ?? 0) + 1;
  if (msg.type === 'RECORD') records[msg.record.stream] = (records[msg.record.stream] ?? 0) + 1;
  if (msg.type === 'TRACE' && msg.trace?.type === 'ERROR') {
    console.error(`TRACE ERROR: ${msg.trace.error?.message}`); process.exit(1);
  }
}
console.error(`${command}: ${JSON.stringify(counts)}${command === 'read' ? ` records per stream ${JSON.stringify(records)}` : ''}`);
JS
}

# ---------------------------------------------------------------------------------------------
log "spec: no network, read-only root filesystem, image user"
rc=0
"${run_[@]}" --network none --read-only "$IMAGE" spec >"$work/spec.out" 2>"$work/spec.err" || rc=$?
[ "$rc" -eq 0 ] || { show spec; fail "spec exited $rc"; }
check_output "$work/spec.out" spec
node --input-type=module - "$work/spec.out" "$repo/schemas/spec.json" <<'JS'
import { readFileSync } from 'node:fs';
import { deepStrictEqual } from 'node:assert';
const [out, expected] = process.argv.slice(2);
const msgs = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const specs = msgs.filter((m) => m.type === 'SPEC');
if (specs.length !== 1) { console.error(`expected exactly 1 SPEC message, got ${specs.length}`); process.exit(1); }
deepStrictEqual(specs[0].spec, JSON.parse(readFileSync(expected, 'utf8')), 'SPEC differs from schemas/spec.json');
JS
uid=$("${run_[@]}" --network none --read-only --entrypoint node "$IMAGE" -e 'process.stdout.write(String(process.getuid()))')
[ "$uid" != 0 ] || fail "the container runs as root"
echo "container uid: $uid" >&2

# ---------------------------------------------------------------------------------------------
log "podman inspect: labels, AIRBYTE_ENTRYPOINT, USER"
"${podman_[@]}" image inspect "$IMAGE" --format '{{json .Config}}' >"$work/config.json"
node --input-type=module - "$work/config.json" <<'JS'
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const metadata = parse(readFileSync('metadata.yaml', 'utf8')).data;
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const env = Object.fromEntries((config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
const problems = [];
const expect = (what, actual, wanted) => { if (actual !== wanted) problems.push(`${what}: ${JSON.stringify(actual)} != ${JSON.stringify(wanted)}`); };
expect('label io.airbyte.name', config.Labels?.['io.airbyte.name'], metadata.dockerRepository);
expect('label io.airbyte.version', config.Labels?.['io.airbyte.version'], metadata.dockerImageTag);
expect('label io.airbyte.version vs package.json', config.Labels?.['io.airbyte.version'], pkg.version);
expect('AIRBYTE_ENTRYPOINT', env.AIRBYTE_ENTRYPOINT, (config.Entrypoint ?? []).join(' '));
expect('NODE_ENV', env.NODE_ENV, 'production');
const user = String(config.User ?? '').split(':')[0];
if (['', '0', 'root'].includes(user)) problems.push(`USER is root (${JSON.stringify(config.User)})`);
if (problems.length) { console.error(problems.join('\n')); process.exit(1); }
console.error(`labels ${JSON.stringify(config.Labels)}, entrypoint ${JSON.stringify(config.Entrypoint)}, user ${config.User}`);
JS

# ---------------------------------------------------------------------------------------------
log "fake API"
waited=0
while [ ! -f fake-api/main.ts ]; do
  [ "$waited" -lt "$FAKE_API_WAIT" ] || fail "fake-api/main.ts did not appear within ${FAKE_API_WAIT}s"
  [ $(( waited % 60 )) -ne 0 ] || echo "waiting for fake-api/main.ts (${waited}s)" >&2
  sleep 10
  waited=$(( waited + 10 ))
done
# Its own process group, so that cleanup stops npx and the server it starts.
setsid npx tsx fake-api/main.ts --port 0 --size tiny --key demo-key >"$work/fake.out" 2>"$work/fake.err" &
fake_pid=$!
for _ in $(seq 1 120); do
  [ -s "$work/fake.out" ] && break
  kill -0 "$fake_pid" 2>/dev/null || { show fake; fail "the fake API exited"; }
  sleep 0.5
done
[ -s "$work/fake.out" ] || { show fake; fail "the fake API printed no address within 60s"; }
url=$(node -e 'const l = require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]; process.stdout.write(JSON.parse(l).url)' "$work/fake.out")
echo "fake API at $url" >&2

mkdir -m 755 "$work/secrets"
node -e 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ app_api_key: "demo-key", base_url: process.argv[2] }))' \
  "$work/secrets/config.json" "$url"

log "check (in the container, against the fake API)"
rc=0
"${run_[@]}" --network host --read-only -v "$work/secrets:/secrets:ro" "$IMAGE" \
  check --config /secrets/config.json >"$work/check.out" 2>"$work/check.err" || rc=$?
[ "$rc" -eq 0 ] || { show check; fail "check exited $rc"; }
grep -q '"status":"SUCCEEDED"' "$work/check.out" || { show check; fail "check did not succeed"; }
check_output "$work/check.out" check

log "discover (in the container, against the fake API)"
rc=0
"${run_[@]}" --network host --read-only -v "$work/secrets:/secrets:ro" "$IMAGE" \
  discover --config /secrets/config.json >"$work/discover.out" 2>"$work/discover.err" || rc=$?
[ "$rc" -eq 0 ] || { show discover; fail "discover exited $rc"; }
check_output "$work/discover.out" discover

# The configured catalog: the discovered streams named in SMOKE_STREAMS, in full_refresh.
node --input-type=module - "$work/discover.out" "$work/secrets/catalog.json" $SMOKE_STREAMS <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
const [out, target, ...names] = process.argv.slice(2);
const catalog = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((m) => m.type === 'CATALOG');
if (!catalog) { console.error('discover printed no CATALOG'); process.exit(1); }
const streams = names.map((name) => {
  const stream = catalog.catalog.streams.find((s) => s.name === name);
  if (!stream) { console.error(`stream ${name} was not discovered`); process.exit(1); }
  return { stream, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite' };
});
writeFileSync(target, JSON.stringify({ streams }));
JS
chmod 644 "$work/secrets/"*

log "read $SMOKE_STREAMS (full_refresh, in the container, against the fake API)"
rc=0
t0=$(date +%s)
"${run_[@]}" --network host --read-only -v "$work/secrets:/secrets:ro" "$IMAGE" \
  read --config /secrets/config.json --catalog /secrets/catalog.json >"$work/read.out" 2>"$work/read.err" || rc=$?
[ "$rc" -eq 0 ] || { show read; fail "read exited $rc"; }
echo "read took $(( $(date +%s) - t0 ))s" >&2
check_output "$work/read.out" read
node -e '
const [file, ...names] = process.argv.slice(1);
const seen = new Set(require("fs").readFileSync(file, "utf8").split("\n").filter(Boolean)
  .map((l) => JSON.parse(l)).filter((m) => m.type === "RECORD").map((m) => m.record.stream));
const missing = names.filter((n) => !seen.has(n));
if (missing.length) { console.error(`no RECORD for ${missing.join(", ")}`); process.exit(1); }
' "$work/read.out" $SMOKE_STREAMS || fail "a configured stream had no RECORD"
if grep -q demo-key "$work/read.out" "$work/read.err" "$work/discover.out" "$work/discover.err" "$work/check.out" "$work/check.err"; then
  fail "the API key appears in the connector's output"
fi

log "container smoke test passed"
