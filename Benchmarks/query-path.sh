#!/usr/bin/env bash
# The unified query path against nginx proxying the same upstream, in one run.
#
# Starts the 社区通 stand-in (GrassrootsApp, from `GridwayBenchmarks upstreams`), `gridway serve`
# with only the legacy-community-app adapter pointed at it, and Debian's nginx as a plain reverse
# proxy to it (NGINX_WORKERS worker, keep-alive to the upstream). Then wrk, with the same settings:
#   1. the upstream directly:  GET /api/zfjl/page?sqdm=210102001001&page=1&pageSize=50 — the ceiling;
#   2. nginx → upstream:       the same request through the proxy;
#   3. Gridway → upstream:     GET /v1/data/elderly-visit@1?unit=210102001001 with a staff key:
#      authentication, scope check, the adapter's request (app key, paging), the upstream's pinyin
#      records mapped to the contract's fields, merged, tagged with their source, as JSON.
# Every answer is checked (200 and, for Gridway, the source reported "ok" with its 3 records).
# Prints requests/s, p50 and p99 of each and the ratio Gridway/nginx (target: 0.70 or better).
#
# Usage: Benchmarks/query-path.sh
# Environment (all optional):
#   GRIDWAY_BIN_DIR   use the executables in this folder instead of building them
#   THREADS           wrk threads        (default 2)
#   CONNECTIONS       wrk connections    (default 64)
#   DURATION          wrk duration       (default 10s)
#   NGINX_WORKERS     nginx worker_processes (default 1)
#   KEEP_DATA=1       keep the scratch folder and logs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
duration="${DURATION:-10s}"
workers="${NGINX_WORKERS:-1}"
app_key="bench-app-key"
unit="210102001001"
upstream_path="/api/zfjl/page?sqdm=$unit&page=1&pageSize=50"

require_tools wrk curl
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing nginx: apt-get install -y nginx"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx >&2
    else
        fail "nginx is required (Debian: apt-get install -y nginx)"
    fi
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
build_release gridway GridwayBenchmarks

# ---------------------------------------------------------------- the upstream
background upstreams "$bin_dir/GridwayBenchmarks" upstreams --repository "$repo" --app-key "$app_key"
upstream="$(wait_for_line upstreams "$background_pid" 's|^app \(http://[^ ]*\)$|\1|p')"
log "社区通 stand-in at $upstream"

# ---------------------------------------------------------------- Gridway with the 社区通 adapter only
mkdir -p "$work/adapters"
ln -s "$repo/adapters/legacy-community-app" "$work/adapters/legacy-community-app"
start_gridway "$work/data" GRIDWAY_ADAPTERS_DIRECTORY="$work/adapters" SHEQUTONG_URL="$upstream" \
    SHEQUTONG_APP_KEY="$app_key" SHEQUTONG_WEBHOOK_SECRET=bench-webhook-secret
staff_key="$(create_key "$work/data" --role staff --unit "$unit" --name "benchmark 北京街社区")"
log "Gridway at $base, staff key for $unit created"

# ---------------------------------------------------------------- nginx proxying the same upstream
nginx_port="$(free_port)"
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    upstream app { server ${upstream#http://}; keepalive 64; }
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-App-Key $app_key;
        }
    }
}
CONF
background nginx "$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx"
proxy="http://127.0.0.1:$nginx_port"
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$proxy$upstream_path" 2>/dev/null && break
    sleep 0.1
done

# ---------------------------------------------------------------- smoke tests
answer="$(curl -sS "$proxy$upstream_path")"
case "$answer" in *'"code":"0000"'*) ;; *) fail "nginx → upstream answered: $answer" ;; esac
answer="$(curl -sS "$base/v1/data/elderly-visit@1?unit=$unit" -H "Authorization: Bearer $staff_key")"
case "$answer" in *'"status":"ok","records":3'*) ;; *) fail "GET /v1/data answered: $answer" ;; esac
log "smoke tests passed: nginx and Gridway both answer from the upstream"

# ---------------------------------------------------------------- measure
measure() {
    local name="$1" url="$2" key="$3" app="$4" expect="$5"
    log "wrk -t$threads -c$connections -d$duration --latency $url"
    GRIDWAY_KEY="$key" APP_KEY="$app" EXPECT="$expect" run_wrk "$work/$name.txt" -t"$threads" -c"$connections" -d"$duration" \
        --latency -s "$here/request.lua" "$url"
    local bad
    bad="$(sed -n 's/^request.lua: responses=[0-9]* bad=\([0-9]*\)$/\1/p' "$work/$name.txt")"
    [ "$bad" = 0 ] || fail "$name: $bad answers were not 200 with \"$expect\" (wrk output in $work/$name.txt)"
}
measure upstream "$upstream$upstream_path" "" "$app_key" '"code":"0000"'
measure nginx "$proxy$upstream_path" "" "" '"code":"0000"'
measure gridway "$base/v1/data/elderly-visit@1?unit=$unit" "$staff_key" "" '"status":"ok","records":3'

row() {
    local label="$1" file="$work/$2.txt"
    printf '  %-44s %10s %9s %9s\n' "$label" "$(wrk_field "$file" 'Requests/sec:')" \
        "$(to_ms "$(wrk_field "$file" '50%')")" "$(to_ms "$(wrk_field "$file" '99%')")"
}
nginx_rps="$(wrk_field "$work/nginx.txt" 'Requests/sec:')"
gridway_rps="$(wrk_field "$work/gridway.txt" 'Requests/sec:')"
upstream_rps="$(wrk_field "$work/upstream.txt" 'Requests/sec:')"
cat <<EOF

Gridway query-path ($(uname -m), $(nproc) CPUs; wrk -t$threads -c$connections -d$duration, loopback; nginx $("$nginx_bin" -v 2>&1 | sed 's|.*/||'), $workers worker)

  path                                         requests/s    p50 ms    p99 ms
$(row "upstream directly (社区通 stand-in)" upstream)
$(row "nginx proxy → upstream" nginx)
$(row "Gridway GET /v1/data → adapter → upstream" gridway)

  ratio Gridway/nginx: $(ratio "$gridway_rps" "$nginx_rps")   (target: 0.70 or better)
  ratio nginx/upstream: $(ratio "$nginx_rps" "$upstream_rps"), Gridway/upstream: $(ratio "$gridway_rps" "$upstream_rps")
  every answer checked: 200, and for Gridway the source "ok" with 3 records
EOF
