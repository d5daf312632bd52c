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

"${compose[@]}" --project-directory "$here" -f "$here/compose.yml" up -d "$@"
"${compose[@]}" --project-directory "$here" -f "$here/compose.yml" ps
