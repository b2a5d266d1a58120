#!/usr/bin/env bash
# Best-effort installation of PostgreSQL 15 with pgvector for the PostgreSQL store's tests and benchmark; never fails
# (what is missing is reported, and the tests that need a server skip with a message). Idempotent and quiet:
#   postgresql-15, postgresql-server-dev-15, build-essential  Debian packages (needs root and apt-get)
#   pgvector 0.8.6                                             built from ../shared/vendor/pgvector-0.8.6.tar.gz
# The tests start their own throwaway server (initdb in a temporary folder, as the `postgres` user); nothing is
# started here.
cd "$(dirname "$0")/.."
VENDOR=../shared/vendor/pgvector-0.8.6.tar.gz
PG_BIN=/usr/lib/postgresql/15/bin
have_vector() { [ -f /usr/share/postgresql/15/extension/vector.control ] && [ -x "$PG_BIN/initdb" ]; }
have_vector && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: not installing PostgreSQL 15 + pgvector (needs root and apt-get); the PostgreSQL tests are skipped"
  exit 0
fi
if [ ! -f "$VENDOR" ]; then
  echo "note: $VENDOR is absent; PostgreSQL + pgvector not installed, the PostgreSQL tests are skipped"
  exit 0
fi
want=(postgresql-15 postgresql-server-dev-15 build-essential)
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x /usr/bin/pg_config ] || ! command -v make >/dev/null || ! command -v gcc >/dev/null \
   || [ ! -d /usr/include/postgresql/15/server ]; then
  echo "installing Debian packages: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! timeout 900 apt-get install -y -qq "${want[@]}" >/dev/null 2>&1; then
    timeout 300 apt-get update -qq >/dev/null 2>&1
    timeout 900 apt-get install -y -qq "${want[@]}" >/dev/null 2>&1 \
      || { echo "note: could not install ${want[*]}; the PostgreSQL tests are skipped"; exit 0; }
  fi
fi
echo "building pgvector 0.8.6 from $VENDOR"
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
if tar -xzf "$VENDOR" -C "$build" \
   && src=$(dirname "$(find "$build" -maxdepth 2 -name Makefile | head -1)") \
   && make -C "$src" OPTFLAGS="" PG_CONFIG="$PG_BIN/pg_config" >"$build/make.log" 2>&1 \
   && make -C "$src" install PG_CONFIG="$PG_BIN/pg_config" >>"$build/make.log" 2>&1; then
  have_vector || echo "note: pgvector built but vector.control is not where PostgreSQL 15 looks; the PostgreSQL tests are skipped"
else
  echo "note: building pgvector failed (last lines below); the PostgreSQL tests are skipped"
  tail -5 "$build/make.log" 2>/dev/null
fi
exit 0
