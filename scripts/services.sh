#!/usr/bin/env bash
# Make sure the PostgreSQL (127.0.0.1:5432, trust, database "test") and Redis (127.0.0.1:6379)
# servers the tests use are running; start them, or install them from Debian, where they are not.
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 2)" 2>/dev/null; }
as_postgres() { sudo_if_needed su postgres -s /bin/sh -c "$1"; }

if ! port_open 5432; then
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "安装 PostgreSQL…"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  if ! sudo_if_needed grep -q "^host all all 127.0.0.1/32 trust" "$hba"; then
    sudo_if_needed sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do port_open 5432 && break; sleep 1; done
fi
if port_open 5432 && command -v psql >/dev/null; then
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE test" >/dev/null
fi

if ! port_open 6379; then
  command -v redis-server >/dev/null || {
    echo "安装 Redis…"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
  sudo_if_needed mkdir -p /var/lib/redis /var/log/redis
  sudo_if_needed redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 15); do port_open 6379 && break; sleep 1; done
fi
port_open 5432 || { echo "PostgreSQL 未能启动（127.0.0.1:5432）" >&2; exit 1; }
port_open 6379 || { echo "Redis 未能启动（127.0.0.1:6379）" >&2; exit 1; }
