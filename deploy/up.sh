#!/usr/bin/env bash
# Brings the kloggregator compose stack up on this Docker host, in one command:
#   deploy/up.sh [extra 'up' arguments, e.g. --scale gateway=3]
# Makes deploy/.env with fresh random secrets the first time, builds the image when it is
# missing (Maven makes the build context; Docker builds it), then starts every service.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
image="${KLOGGREGATOR_IMAGE:-kloggregator:0.1.0-SNAPSHOT}"

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  compose=(docker-compose)
fi

if [ ! -f "$here/.env" ]; then
  secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=\n'; }
  umask 077
  cat > "$here/.env" <<ENV
# Made by deploy/up.sh; keep it private. Agents on the DEA hosts need the same shared secret.
KLOGGREGATOR_SHARED_SECRET=$(secret)
KLOGGREGATOR_JWT_SECRET=$(secret)$(secret)
ENV
  echo "up.sh: wrote $here/.env with new secrets"
fi

if ! docker image inspect "$image" >/dev/null 2>&1; then
  echo "up.sh: building $image"
  (cd "$repo" && mvn -B -q -Pimage -pl dist -am package -DskipTests)
  docker build -t "$image" "$repo/dist/target/image"
fi

stack=("${compose[@]}" --project-directory "$here" -f "$here/compose.yml")
# The demo profile's app writes lines, so the stack shows some as soon as it is up;
# KLOGGREGATOR_DEMO=0 deploy/up.sh starts without it.
profiles=()
[ "${KLOGGREGATOR_DEMO:-1}" = 0 ] || profiles=(--profile demo)
"${stack[@]}" "${profiles[@]}" up -d "$@"
"${stack[@]}" "${profiles[@]}" ps

# A token for the demo app, minted by the CLI in the image with the gateway's own secret.
set -a
. "$here/.env"
set +a
app="${KLOGGREGATOR_DEMO_APP_ID:-demo-app}"
host="${KLOGGREGATOR_PUBLISH_HOST:-127.0.0.1}"
token="$("${stack[@]}" --profile tools run --rm -T \
  -e KLOGGREGATOR_GATEWAY_JWT_SECRET="$KLOGGREGATOR_JWT_SECRET" \
  cli logs token --app "$app" --ttl 24h)"
cat <<EOF

up.sh: the stack is up. A token for $app, valid 24 h:
  export KLOGGREGATOR_TOKEN=$token
See its lines:
  browser:  http://$host:8080/?app=$app#token=$token  (the page keeps the token in the tab and removes it from the address)
  tail:     ${compose[*]} -f deploy/compose.yml --profile tools run --rm -e KLOGGREGATOR_TOKEN cli logs $app
  recent:   curl -s -H "Authorization: Bearer \$KLOGGREGATOR_TOKEN" "http://$host:8080/recent?app=$app&format=json&n=20"
  metrics:  curl -s http://$host:8080/metrics | grep ^kloggregator_   (ports of the others: docs/operations.md)
An admin token (every app, the firehose):
  ${compose[*]} -f deploy/compose.yml --profile tools run --rm -T -e KLOGGREGATOR_GATEWAY_JWT_SECRET="\$(sed -n 's/^KLOGGREGATOR_JWT_SECRET=//p' deploy/.env)" cli logs token --admin --ttl 1h
EOF
