#!/usr/bin/env bash
# Two stateless app servers behind nginx, on loopback, sharing one timeline cache folder; the
# short load test runs through nginx while one app server is restarted in the middle of it.
#
#   bench/cluster.sh                  # 20 users for 30 s
#   USERS=50 DURATION=60 bench/cluster.sh
#
# Needs nginx (apt-get install -y nginx) and the serve extra (pip install -e '.[serve]').
# Everything runs from a temporary folder and is stopped at the end; not run in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS="${USERS:-20}"
DURATION="${DURATION:-30}"
WORKERS="${WORKERS:-2}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "nginx is not installed: apt-get install -y nginx" >&2; exit 2; }

WORK="$(mktemp -d /tmp/realpolitik-cluster.XXXXXX)"
export REALPOLITIK_CACHE="$WORK/shared-cache"   # the shared volume of docs/deploy.md
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT_A="$(free_port)"; PORT_B="$(free_port)"; PORT_PROXY="$(free_port)"
PID_A=""; PID_B=""

cleanup() {
  set +e
  [ -f "$WORK/nginx.pid" ] && "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s quit 2>/dev/null
  for pid in "$PID_A" "$PID_B"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null; done
  for pid in "$PID_A" "$PID_B"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() {  # URL: wait until it answers
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "no answer from $1" >&2; return 1
}

start_server() {  # PORT LOG: one app server, in the background; prints its pid
  python3 cli.py serve --workers "$WORKERS" --port "$1" >>"$2" 2>&1 &
  echo $!
}

echo "== warming the shared cache once (a deploy step)"
time python3 -c "from app import create_app; create_app()" 2>&1 | tail -2
ls -l "$REALPOLITIK_CACHE"

echo "== two app servers ($WORKERS workers each) on 127.0.0.1:$PORT_A and :$PORT_B"
PID_A="$(start_server "$PORT_A" "$WORK/a.log")"
PID_B="$(start_server "$PORT_B" "$WORK/b.log")"
wait_for "http://127.0.0.1:$PORT_A/_dash-layout"
wait_for "http://127.0.0.1:$PORT_B/_dash-layout"

cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '\$status \$request_time "\$upstream_addr"';
  access_log $WORK/access.log upstream;
  client_body_temp_path $WORK/client_body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  upstream realpolitik {
    server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=5s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PORT_PROXY;
    client_max_body_size 30m;
    location / {
      proxy_pass http://realpolitik;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_next_upstream_tries 2;
    }
  }
}
EOF
echo "== nginx on 127.0.0.1:$PORT_PROXY"
"$NGINX" -t -p "$WORK" -c "$WORK/nginx.conf" 2>&1 | tail -1
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
wait_for "http://127.0.0.1:$PORT_PROXY/"
echo "security headers through the proxy:"
curl -sS -D - -o /dev/null "http://127.0.0.1:$PORT_PROXY/" \
  | grep -iE '^(content-security-policy|x-content-type-options|referrer-policy):' | cut -c1-110

restart_a() {  # halfway through the load test: stop server A and start it again
  sleep $((DURATION / 3))
  echo "== $(date +%T) restarting app server A (pid $PID_A)"
  kill "$PID_A"
  while kill -0 "$PID_A" 2>/dev/null; do sleep 0.2; done  # gone, its port free
  echo "== $(date +%T) app server A is down"
  PID_A="$(start_server "$PORT_A" "$WORK/a.log")"
  echo "$PID_A" >"$WORK/a.pid"
  wait_for "http://127.0.0.1:$PORT_A/_dash-layout"
  echo "== $(date +%T) app server A is back (pid $PID_A)"
}
restart_a &
RESTARTER=$!

echo "== $(date +%T) load test through nginx: $USERS users, $DURATION s"
status=0
python3 bench/load.py --url "http://127.0.0.1:$PORT_PROXY" --users "$USERS" \
  --seconds "$DURATION" || status=$?
wait "$RESTARTER" || true
[ -f "$WORK/a.pid" ] && PID_A="$(cat "$WORK/a.pid")"

echo "== requests per app server (nginx access log; a retried request counts for the server that answered)"
awk -F'"' '{n = split($2, tried, ", "); print tried[n]}' "$WORK/access.log" | sort | uniq -c
echo "== requests nginx retried on the other server: $(grep -c ', ' "$WORK/access.log" || true)"
echo "== answers other than 200/204 seen by nginx: $(awk '$1 != 200 && $1 != 204' "$WORK/access.log" | wc -l)"
exit "$status"
