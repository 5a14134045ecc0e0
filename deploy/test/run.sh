#!/usr/bin/env bash
# The deployment, run for real with podman and no registry:
#
#   1. builds `gridway` (release, static Swift standard library), a Debian 12 base with debootstrap
#      (deploy/image/make-base.sh), the runtime image (deploy/image/Containerfile) and, on the same
#      base, the PostgreSQL and nginx images the compose stack needs;
#   2. runs the single-container default (SQLite on a volume): submits under load, `kill -9`s the
#      container, starts a new one on the volume, finds every acknowledged report and a verifying
#      audit chain, then stops it gracefully (exit status 0);
#   3. runs deploy/compose/compose.yaml with podman-compose (two replicas on PostgreSQL, nginx, the
#      sandbox upstreams), drives submissions through nginx, restarts one replica at a time while the
#      load runs, and shows zero failed requests and every report delivered to each target once;
#   4. validates deploy/kubernetes with kubernetes-validate and starts the image as the Deployment does
#      (the ConfigMap's configuration, read-only root, uid 999) to check that every probe answers 200;
#   5. verifies deploy/gridway.service with `systemd-analyze verify`.
#
# Usage: deploy/test/run.sh   (as root; prints the figures at the end)
# Exit status: 0 passed, 1 failed, 77 skipped (the reason is printed: no podman or one of its
# prerequisites, or podman cannot start a container on this machine).
# Environment (all optional):
#   GRIDWAY_BIN_DIR       use the release build in this folder instead of building one
#   DEPLOY_TEST_FRESH=1   make the base and every image anew even if podman has them
#   KEEP_DATA=1           keep the work folder (logs, load results) even when the test passes
# Needs: podman, runc, debootstrap, systemd (systemd-analyze), curl, python3 with PyYAML;
# podman-compose and kubernetes-validate from PyPI. Images stay in podman's storage (outside the
# repository) for the next run; containers, volumes and the network are removed on exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
project=gridway-deploy-test
base_image=localhost/gridway-base:bookworm
image=localhost/gridway:local
postgres_image=localhost/gridway-test-postgres:15
nginx_image=localhost/gridway-test-nginx:bookworm
single="$project-single"
single_volume="$project-single-data"
kubernetes_container="$project-kubernetes"
started_at="$(date +%s)"
figures=()

log() { printf '==> [%4ss] %s\n' "$(($(date +%s) - started_at))" "$*"; }
figure() {
    figures+=("$*")
    printf '    %s\n' "$*"
}
skip() {
    echo "deploy test skipped: $*"
    exit 77
}
fail() {
    echo "deploy test FAILED: $*" >&2
    exit 1
}

# ---------------------------------------------------------------- prerequisites
[ "$(id -u)" -eq 0 ] || skip "it needs root (rootful podman with runc and cgroupfs)"
missing=()
for tool in podman runc debootstrap podman-compose kubernetes-validate systemd-analyze unshare curl python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
python3 -c 'import yaml' 2>/dev/null || missing+=("python3-yaml")
[ ${#missing[@]} -eq 0 ] || skip "missing ${missing[*]} (apt-get install podman runc debootstrap systemd curl python3-yaml; pip install podman-compose kubernetes-validate)"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/gridway-deploy-test.XXXXXX")"
compose=(podman-compose --in-pod false -p "$project" -f "$repo/deploy/compose/compose.yaml" -f "$here/compose.podman.yaml")

# remove_test_containers — every container, volume and network of this test, a previous run's too.
# (-v: the anonymous volumes the images' VOLUMEs gave the containers go with them.)
remove_test_containers() {
    podman rm --ignore -f -v -t 5 "$single" "$kubernetes_container" >/dev/null 2>&1 || true
    podman ps -a -q --filter "label=com.docker.compose.project=$project" |
        xargs -r podman rm -f -v -t 10 >/dev/null 2>&1 || true
    "${compose[@]}" down -v -t 10 >/dev/null 2>&1 || true
    podman volume ls --format '{{.Name}}' | grep -E "^($project-kubernetes-|$single_volume\$)" |
        xargs -r podman volume rm -f >/dev/null 2>&1 || true
}

cleanup() {
    local status=$?
    set +e
    if [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; then
        for container in $(podman ps -a --format '{{.Names}}' | grep "^$project" || true); do
            podman logs "$container" >"$work/$container.log" 2>&1
        done
    fi
    remove_test_containers
    if [ "${KEEP_DATA:-0}" = 1 ] || { [ "$status" -ne 0 ] && [ "$status" -ne 77 ]; }; then
        echo "logs and load results kept in $work" >&2
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Podman as this machine needs it: runc, cgroupfs, and explicit limits no higher than the host's own.
nofile="$(ulimit -Hn)" nproc="$(ulimit -Hu)"
[ "$nofile" = unlimited ] || [ "$nofile" -gt 65536 ] && nofile=65536
[ "$nproc" = unlimited ] || [ "$nproc" -gt 8192 ] && nproc=8192
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF="$work/containers.conf"

# free_port — a free TCP port on loopback.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# http_status URL — the status of a GET (000 when nothing answers).
http_status() {
    curl -sS -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 3 "$1" 2>/dev/null || true
}

# since START — seconds (two decimals) since START, a `date +%s.%N`.
since() {
    python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.2f}')" "$1"
}

# running CONTAINER — fails, with the end of its output, when the container is not running.
running() {
    [ "$(podman inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] && return 0
    podman logs "$1" 2>&1 | tail -n 20 >&2
    fail "$1 is not running (its output above)"
}

# wait_http CONTAINER URL SECONDS — waits for URL, served by CONTAINER, to answer 200.
wait_http() {
    local container="$1" url="$2" deadline=$((SECONDS + $3))
    while [ "$SECONDS" -lt "$deadline" ]; do
        [ "$(http_status "$url")" = 200 ] && return 0
        running "$container"
        sleep 0.1
    done
    fail "$url did not answer 200 within $3 s"
}

# status_inside CONTAINER PATH — the HTTP status line of GET PATH on the container's port 8080,
# asked from inside it (the compose replicas publish no port).
status_inside() {
    podman exec "$1" bash -c "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET $2 HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && head -n 1 <&3" 2>/dev/null || true
}

# wait_inside CONTAINER PATH SECONDS — waits for GET PATH inside the container to answer 200.
wait_inside() {
    local container="$1" path="$2" deadline=$((SECONDS + $3))
    while [ "$SECONDS" -lt "$deadline" ]; do
        case "$(status_inside "$container" "$path")" in *" 200 "*) return 0 ;; esac
        running "$container"
        sleep 0.2
    done
    fail "$container: GET $path did not answer 200 within $3 s"
}

# wait_healthy CONTAINER SECONDS — runs the container's own health check until it passes.
wait_healthy() {
    local container="$1" deadline=$((SECONDS + $2))
    while [ "$SECONDS" -lt "$deadline" ]; do
        podman healthcheck run "$container" >/dev/null 2>&1 && return 0
        running "$container"
        sleep 1
    done
    fail "$container's health check did not pass within $2 s"
}

# admin_key CONTAINER — the first admin key the container printed.
admin_key() {
    local key=""
    for _ in $(seq 1 100); do
        key="$(podman logs "$1" 2>&1 | grep -oE 'gw_[A-Za-z0-9_-]{43}' | head -n 1 || true)"
        [ -n "$key" ] && break
        sleep 0.1
    done
    [ -n "$key" ] || fail "$1 printed no admin key"
    printf '%s\n' "$key"
}

# staff_key CONTAINER — a staff key of district 210102 made with the container's own CLI.
staff_key() {
    local output key
    output="$(podman exec "$1" gridway keys create --role staff --unit 210102 --name "deploy test")"
    key="$(grep -oE 'gw_[A-Za-z0-9_-]{43}' <<<"$output" | head -n 1 || true)"
    [ -n "$key" ] || fail "gridway keys create printed no key: $output"
    printf '%s\n' "$key"
}

# container_of SERVICE — the compose service's container.
container_of() {
    podman ps -a --filter "label=com.docker.compose.project=$project" \
        --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | head -n 1
}

# wait_results FILE COUNT SECONDS — waits until the load has recorded COUNT requests.
wait_results() {
    local file="$1" count="$2" deadline=$((SECONDS + $3))
    while [ "$SECONDS" -lt "$deadline" ]; do
        [ -f "$file" ] && [ "$(wc -l <"$file")" -ge "$count" ] && return 0
        sleep 0.1
    done
    fail "the load recorded fewer than $count requests within $3 s"
}

report="$repo/Benchmarks/elderly-visit-report.json"

# ---------------------------------------------------------------- 1. build
log "1. build"
if [ -n "${GRIDWAY_BIN_DIR:-}" ]; then
    bin_dir="$GRIDWAY_BIN_DIR"
else
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    release=(swift build -c release --static-swift-stdlib --product gridway --scratch-path "$repo/.build-release")
    log "building: ${release[*]}"
    build_start="$(date +%s)"
    (cd "$repo" && "${release[@]}") >"$work/swift-build.log" 2>&1 || {
        tail -n 40 "$work/swift-build.log" >&2
        fail "the release build failed (log above)"
    }
    figure "release build: $(($(date +%s) - build_start)) s"
    bin_dir="$(cd "$repo" && "${release[@]}" --show-bin-path)"
fi

if [ "${DEPLOY_TEST_FRESH:-0}" = 1 ] || ! podman image exists "$base_image"; then
    base_start="$(date +%s)"
    "$repo/deploy/image/make-base.sh" "$base_image" >/dev/null ||
        skip "debootstrap could not make the Debian base (is the Debian mirror reachable?)"
    figure "debootstrap base: $(($(date +%s) - base_start)) s"
fi
podman run --rm "$base_image" true >"$work/podman-check.log" 2>&1 ||
    skip "podman cannot start a container here: $(tail -n 1 "$work/podman-check.log")"

images_start="$(date +%s)"
"$repo/deploy/image/stage.sh" "$bin_dir" "$work/image" 2>&1
build_image() { # build_image TAG CONTEXT [FILE]
    local tag="$1" context="$2" file="${3:-$2/Containerfile}"
    podman build --format docker --network host --build-arg "BASE=$base_image" -t "$tag" -f "$file" "$context" \
        >"$work/build-${tag##*/}.log" 2>&1 || {
        tail -n 30 "$work/build-${tag##*/}.log" >&2
        fail "podman build $tag failed (log above)"
    }
}
previous_image="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
build_image "$image" "$work/image"
# The previous build, untagged now, is not kept.
if [ -n "$previous_image" ] && [ "$previous_image" != "$(podman image inspect --format '{{.Id}}' "$image")" ]; then
    podman rmi "$previous_image" >/dev/null 2>&1 || true
fi
# The stack's own PostgreSQL and nginx change only with their folders: kept between runs.
build_missing_image() { # build_missing_image TAG CONTEXT
    if [ "${DEPLOY_TEST_FRESH:-0}" = 1 ] || ! podman image exists "$1"; then build_image "$1" "$2"; fi
}
build_missing_image "$postgres_image" "$here/postgres"
build_missing_image "$nginx_image" "$here/nginx"
figure "images built: $(($(date +%s) - images_start)) s"
size="$(podman image inspect --format '{{.Size}}' "$image")"
base_size="$(podman image inspect --format '{{.Size}}' "$base_image")"
figure "runtime image: $((size / 1000000)) MB (base $((base_size / 1000000)) MB; shared-library packages: $(tr '\n' ' ' <"$work/image/runtime-packages.txt"))"
[ "$(podman image inspect --format '{{.Config.User}}' "$image")" = gridway ] || fail "the image does not run as gridway"

# ---------------------------------------------------------------- 2. single container, kill -9
log "2. single container on SQLite: submissions, kill -9, a new container on the volume"
remove_test_containers
podman volume create "$single_volume" >/dev/null
port="$(free_port)"
run_single() {
    run_started="$(date +%s.%N)"
    podman run -d --name "$single" -p "127.0.0.1:$port:8080" -v "$single_volume:/var/lib/gridway" \
        --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
        -e GRIDWAY_CREDENTIAL_RATE=off "$image" >/dev/null 2>>"$work/podman-run.log"
}
run_single
wait_http "$single" "http://127.0.0.1:$port/readyz" 60
figure "start to ready, empty volume (podman run to /readyz 200): $(since "$run_started") s"
wait_healthy "$single" 30
[ "$(podman exec "$single" id -un)" = gridway ] || fail "the server does not run as gridway"
admin="$(admin_key "$single")"
staff="$(staff_key "$single")"

python3 "$here/load.py" submit --base "http://127.0.0.1:$port" --key "$staff" --report "$report" \
    --out "$work/single.jsonl" --rate 60 --concurrency 8 --max-seconds 60 --stop-file "$work/single.stop" \
    >"$work/single-load.txt" 2>&1 &
load_pid=$!
wait_results "$work/single.jsonl" 200 40
podman kill --signal KILL "$single" >/dev/null
touch "$work/single.stop"
wait "$load_pid" || true
exit_code="$(podman inspect --format '{{.State.ExitCode}}' "$single")"
acknowledged="$(grep -c '"status": 202' "$work/single.jsonl" || true)"
in_flight="$(grep -c '"status": 0' "$work/single.jsonl" || true)"
figure "kill -9 under load: exit status $exit_code, $acknowledged submissions acknowledged before it, $in_flight requests cut off"
podman rm -v "$single" >/dev/null
run_single
wait_http "$single" "http://127.0.0.1:$port/readyz" 60
figure "start to ready, restart on the volume after kill -9 (podman run to /readyz 200): $(since "$run_started") s"
found="$(python3 "$here/load.py" found --base "http://127.0.0.1:$port" --key "$admin" --results "$work/single.jsonl")" ||
    fail "acknowledged submissions are missing after kill -9: $found"
figure "$found"
verify="$(podman exec "$single" gridway audit verify 2>&1)" || fail "gridway audit verify: $verify"
figure "gridway audit verify: $verify"
podman stop -t 30 "$single" >/dev/null
exit_code="$(podman inspect --format '{{.State.ExitCode}}' "$single")"
[ "$exit_code" = 0 ] || fail "the server exited with $exit_code on SIGTERM"
figure "SIGTERM (podman stop): exit status 0"
podman rm -v "$single" >/dev/null

# ---------------------------------------------------------------- 3. compose stack, rolling restart
log "3. compose stack (podman-compose): two replicas on PostgreSQL, nginx, the sandbox; rolling restart under load"
proxy_port="$(free_port)"
export GRIDWAY_PUBLISHED_PORT="$proxy_port"
compose_up() {
    "${compose[@]}" up -d --no-build --no-deps "$@" >>"$work/compose-up.log" 2>&1 || {
        tail -n 30 "$work/compose-up.log" >&2
        fail "podman-compose up $* failed (log above)"
    }
}
# podman 4.3 cannot wait for `service_healthy`: start in the order the depends_on conditions ask for.
compose_up postgres sandbox
postgres="$(container_of postgres)" sandbox="$(container_of sandbox)"
wait_healthy "$postgres" 120
wait_healthy "$sandbox" 120
compose_up gridway-1
replica1="$(container_of gridway-1)"
wait_inside "$replica1" /readyz 120
compose_up gridway-2
replica2="$(container_of gridway-2)"
wait_inside "$replica2" /readyz 120
compose_up proxy
proxy="$(container_of proxy)"
proxy_url="http://127.0.0.1:$proxy_port"
wait_http "$proxy" "$proxy_url/readyz" 60
admin="$(admin_key "$replica1")"
staff="$(staff_key "$replica1")"

python3 "$here/load.py" submit --base "$proxy_url" --key "$staff" --report "$report" --out "$work/rolling.jsonl" \
    --rate 25 --concurrency 8 --max-seconds 300 --stop-file "$work/rolling.stop" >"$work/rolling-load.txt" 2>&1 &
load_pid=$!
wait_results "$work/rolling.jsonl" 100 30
window_start="$(date +%s.%N)"
for service in gridway-1 gridway-2; do
    container="$(container_of "$service")"
    restart_start="$(date +%s.%N)"
    "${compose[@]}" stop -t 45 "$service" >>"$work/compose-restart.log" 2>&1 || fail "podman-compose stop $service failed"
    stopped_status="$(podman inspect --format '{{.State.ExitCode}}' "$container")"
    stop_seconds="$(since "$restart_start")"
    start_start="$(date +%s.%N)"
    "${compose[@]}" start "$service" >>"$work/compose-restart.log" 2>&1 || fail "podman-compose start $service failed"
    wait_inside "$container" /readyz 120
    address="$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")"
    # nginx looked the replica up at its start: a reload takes the new address (old workers finish
    # their requests first).
    podman exec "$proxy" nginx -s reload >>"$work/compose-restart.log" 2>&1 || fail "nginx -s reload failed"
    figure "$service: stopped in $stop_seconds s (exit status $stopped_status), started and ready at $address in $(since "$start_start") s, nginx reloaded"
    # Let the replica take its share of the load before the next one goes.
    sleep 5
done
window_end="$(date +%s.%N)"
sleep 5
touch "$work/rolling.stop"
wait "$load_pid" || true
summary="$(python3 "$here/load.py" summary --results "$work/rolling.jsonl" --window "$window_start" "$window_end" 2>&1)" || {
    printf '%s\n' "$summary" >&2
    fail "requests failed during the rolling restart"
}
while read -r line; do figure "rolling restart, $line"; done <<<"$(grep -v '^failed:' <<<"$summary")"
delivered="$(python3 "$here/load.py" deliveries --base "$proxy_url" --key "$admin" --results "$work/rolling.jsonl" \
    --sandbox-container "$sandbox" --wait 240 2>&1)" || {
    printf '%s\n' "$delivered" >&2
    fail "reports were not each delivered once"
}
figure "$delivered"
verify="$(podman exec "$replica1" gridway audit verify 2>&1)" || fail "gridway audit verify on PostgreSQL: $verify"
figure "gridway audit verify (PostgreSQL): $verify"

# ---------------------------------------------------------------- 4. Kubernetes manifests
log "4. Kubernetes manifests: kubernetes-validate, then the probes against the image run as the Deployment runs it"
resources=()
while read -r resource; do resources+=("$repo/deploy/kubernetes/$resource"); done < <(
    python3 -c 'import sys, yaml; print("\n".join(yaml.safe_load(open(sys.argv[1]))["resources"]))' \
        "$repo/deploy/kubernetes/kustomization.yaml"
)
kubernetes-validate --strict --quiet "${resources[@]}" || fail "kubernetes-validate rejected the manifests"
figure "kubernetes-validate --strict: ${#resources[@]} manifests valid"
# The pod as the Deployment describes it: uid 999, read-only root, no capabilities, the ConfigMap's
# configuration, its emptyDir volumes (podman volumes, owned by uid 999 like fsGroup makes them) filled
# by its init containers, and the Secret's keys, with the values that must point somewhere real (the
# database, and what the sandbox stands in for) taken from the compose stack.
pod="$(python3 "$here/kubernetes.py" "$repo/deploy/kubernetes/deployment.yaml" "$repo/deploy/kubernetes/configmap.yaml" \
    "$work/kubernetes-gridway.yaml")" || fail "the Deployment: $pod"
chmod 0644 "$work/kubernetes-gridway.yaml"
python3 - "$repo/deploy/kubernetes/secret.yaml" "$repo/deploy/compose/compose.yaml" >"$work/kubernetes-secret.env" <<'PYTHON'
import sys, yaml
secret = yaml.safe_load(open(sys.argv[1]))["stringData"]
sandbox = yaml.safe_load(open(sys.argv[2]))["x-sandbox-environment"]
for key, value in secret.items():
    if key != "GRIDWAY_POSTGRES_URL":
        print(f"{key}={sandbox.get(key, value)}")
PYTHON
pod_security=() pod_mounts=() probes=()
# pod_volume NAME — the podman volume standing in for the emptyDir NAME, owned by the fsGroup.
pod_volume() {
    podman volume exists "$project-kubernetes-$1" ||
        podman volume create --opt "o=uid=$pod_uid,gid=$pod_fs_group" "$project-kubernetes-$1" >/dev/null
    printf '%s\n' "$project-kubernetes-$1"
}
while IFS=$'\t' read -r -a fields; do
    case "${fields[0]}" in
    user)
        pod_uid="${fields[1]}" pod_fs_group="${fields[3]}"
        pod_security=(--user "${fields[1]}:${fields[2]}" --group-add "${fields[3]}" --read-only --cap-drop ALL
            --security-opt no-new-privileges)
        ;;
    volume) pod_mounts+=(-v "$(pod_volume "${fields[1]}"):${fields[2]}:${fields[3]}") ;;
    init)
        init_mounts=()
        if [ "${fields[1]}" != - ]; then
            IFS=, read -r -a pairs <<<"${fields[1]}"
            for pair in "${pairs[@]}"; do init_mounts+=(-v "$(pod_volume "${pair%%=*}"):${pair#*=}"); done
        fi
        podman run --rm "${pod_security[@]}" "${init_mounts[@]}" --entrypoint "${fields[2]}" "$image" "${fields[@]:3}" \
            </dev/null >>"$work/kubernetes-init.log" 2>&1 || fail "the init container (${fields[*]:2}) failed: $(tail -n 5 "$work/kubernetes-init.log")"
        ;;
    probe) probes+=("${fields[1]} ${fields[2]} ${fields[3]}") ;;
    esac
done <<<"$pod"
probe_port="${probes[0]##* }"
for probe in "${probes[@]}"; do [ "${probe##* }" = "$probe_port" ] || fail "the probes use different ports: ${probes[*]}"; done
host_port="$(free_port)"
podman run -d --name "$kubernetes_container" --network "${project}_default" -p "127.0.0.1:$host_port:$probe_port" \
    "${pod_security[@]}" "${pod_mounts[@]}" \
    -v "$work/kubernetes-gridway.yaml:/etc/gridway/gridway.yaml:ro" -e GRIDWAY_CONFIG=/etc/gridway/gridway.yaml \
    --env-file "$work/kubernetes-secret.env" \
    -e "GRIDWAY_POSTGRES_URL=postgres://gridway:${POSTGRES_PASSWORD:-gridway-compose}@postgres:5432/gridway?sslmode=disable" \
    "$image" serve >/dev/null 2>>"$work/podman-run.log"
for probe in "${probes[@]}"; do
    read -r kind path _ <<<"$probe"
    wait_http "$kubernetes_container" "http://127.0.0.1:$host_port$path" 60
    figure "$kind GET $path on port $probe_port: 200"
done
adapters="$(podman exec "$kubernetes_container" ls /srv/gridway/adapters | tr '\n' ' ')"
figure "the pod's adapters (from its init container): $adapters"

# ---------------------------------------------------------------- 5. systemd unit
log "5. systemd unit: systemd-analyze verify"
# The unit runs /usr/local/bin/gridway: verify with the built binary there, in a mount namespace of
# its own so nothing is installed on this machine.
unshare --mount --propagation private sh -c '
    mount -t tmpfs tmpfs /usr/local/bin && cp "$1" /usr/local/bin/gridway && systemd-analyze verify "$2"
' verify "$bin_dir/gridway" "$repo/deploy/gridway.service" >"$work/systemd-analyze.log" 2>&1 || {
    cat "$work/systemd-analyze.log" >&2
    fail "systemd-analyze verify deploy/gridway.service"
}
figure "systemd-analyze verify deploy/gridway.service: no findings"

log "deploy test passed in $(($(date +%s) - started_at)) s"
printf '%s\n' "${figures[@]}"
