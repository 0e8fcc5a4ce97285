#!/usr/bin/env bash
# Makes a local PostgreSQL available for the server tests (Debian's package), and prints the URL
# to export as GATEHOUSE_TEST_POSTGRES_URL. Safe to run again.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -Atqc \"select 1 from pg_roles where rolname = 'gatehouse'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role gatehouse login superuser password 'gatehouse'\"" >&2
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgres://gatehouse:gatehouse@127.0.0.1:${port}/postgres"
