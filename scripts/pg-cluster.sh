#!/bin/sh
# pg-cluster.sh — a throwaway PostgreSQL cluster for the tests.
#
#   pg-cluster.sh start [--tcp PORT]   initdb into a new temporary folder and
#                                      start the server; prints the env lines
#   pg-cluster.sh env                  prints them for the running cluster
#   pg-cluster.sh stop                 stops it and removes its folder
#
# The lines printed are shell assignments to eval:
#   ROSTER_TEST_PG='host=DIR dbname=postgres user=postgres'  (the maintenance
#   database, through the socket), ROSTER_TEST_PG_DIR, and with --tcp
#   ROSTER_TEST_PG_PORT.
#
# The socket lives in the folder (mode 0700), and the local socket is the
# only way in: trust auth for it, no TCP.  With --tcp PORT the server also
# listens on 127.0.0.1:PORT, where only a password (SCRAM) lets a client in.
# As root the server runs as the "postgres" user, owner of the folder.
#
# The folder is recorded in a state file ($ROSTER_PG_STATE, default
# build/pg-cluster.state in the checkout), so that "stop" finds it and a new
# "start" first stops a cluster a killed run left behind.  "start" also
# removes the folders of clusters whose server is gone.
#
# fsync is off: the tests kill clients, never the server, and the disk
# would only add time.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${ROSTER_PG_STATE:-$REPO/build/pg-cluster.state}
BASE=${TMPDIR:-/tmp}

die() { echo "pg-cluster: $*" >&2; exit 1; }

# The newest PostgreSQL's server programs.
bindir() {
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
	done
	die "no PostgreSQL server in /usr/lib/postgresql/*/bin (install the postgresql package: make deps)"
}

# as_server CMD...: runs CMD as the server's owner.
as_server() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# stop_dir DIR: stops the cluster in DIR if its server runs, removes DIR.
stop_dir() {
	[ -n "$1" ] && [ -d "$1" ] || return 0
	case "$1" in "$BASE"/roster-pg.*|*/roster-pg.*) ;; *) die "not a cluster folder of ours: $1" ;; esac
	if [ -f "$1/data/postmaster.pid" ]; then
		as_server "$(bindir)/pg_ctl" -D "$1/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
		    kill -9 "$(head -n 1 "$1/data/postmaster.pid")" 2>/dev/null || :
	fi
	rm -rf "$1"
}

# alive PID: the process runs (a zombie that nobody reaped does not).
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	[ "$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

# Folders of killed runs whose server is no longer running.
sweep() {
	for d in "$BASE"/roster-pg.*; do
		[ -d "$d" ] || continue
		pid=$(head -n 1 "$d/data/postmaster.pid" 2>/dev/null || :)
		if [ -n "$pid" ]; then
			alive "$pid" && continue
		else
			# No server yet: maybe another run's initdb, unless old.
			[ -n "$(find "$d" -maxdepth 0 -mmin +10)" ] || continue
		fi
		rm -rf "$d"
	done
}

print_env() {
	d=$1
	[ -f "$d/data/postmaster.pid" ] || die "no cluster running in $d"
	# The socket's name carries the port.
	port=
	[ ! -f "$d/tcp-port" ] || port=" port=$(cat "$d/tcp-port")"
	echo "ROSTER_TEST_PG='host=$d$port dbname=postgres user=postgres'"
	echo "ROSTER_TEST_PG_DIR='$d'"
	if [ -f "$d/tcp-port" ]; then
		echo "ROSTER_TEST_PG_PORT='$(cat "$d/tcp-port")'"
		echo "export ROSTER_TEST_PG ROSTER_TEST_PG_DIR ROSTER_TEST_PG_PORT"
	else
		echo "export ROSTER_TEST_PG ROSTER_TEST_PG_DIR"
	fi
}

start() {
	tcp=
	while [ $# -gt 0 ]; do
		case "$1" in
		--tcp) [ $# -ge 2 ] || die "--tcp needs a port"; tcp=$2; shift 2 ;;
		*) die "start: unknown option $1" ;;
		esac
	done
	case "$tcp" in ''|*[!0-9]*) [ -z "$tcp" ] || die "--tcp: not a port: $tcp" ;; esac
	bin=$(bindir)
	# A cluster a killed run left behind.
	if [ -f "$STATE" ]; then stop_dir "$(cat "$STATE")"; rm -f "$STATE"; fi
	sweep
	d=$(mktemp -d "$BASE/roster-pg.XXXXXX")
	mkdir -p "$(dirname "$STATE")"
	echo "$d" >"$STATE"
	[ "$(id -u)" != 0 ] || chown postgres: "$d"
	chmod 700 "$d"
	pw=
	[ -z "$tcp" ] || pw=--auth-host=scram-sha-256
	as_server "$bin/initdb" -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 \
	    --auth-local=trust $pw >"$d/initdb.log" 2>&1 ||
	    { cat "$d/initdb.log" >&2; stop_dir "$d"; rm -f "$STATE"; die "initdb failed"; }
	listen=
	[ -z "$tcp" ] || listen=127.0.0.1
	as_server sh -c "cat >>'$d/data/postgresql.conf'" <<EOF
# pg-cluster.sh
listen_addresses = '$listen'
port = ${tcp:-5432}
unix_socket_directories = '$d'
unix_socket_permissions = 0700
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 256MB
min_wal_size = 32MB
# WAL segments kept, not recycled at once: tests/db.sh db_files copies
# those written since its test began while other tests write more.
wal_keep_size = 1GB
password_encryption = scram-sha-256
EOF
	{
		echo "# pg-cluster.sh: the socket (in a 0700 folder) with trust; TCP only on"
		echo "# 127.0.0.1 with a password."
		echo "local all all trust"
		[ -z "$tcp" ] || echo "host all all 127.0.0.1/32 scram-sha-256"
	} | as_server sh -c "cat >'$d/data/pg_hba.conf'"
	[ -z "$tcp" ] || echo "$tcp" >"$d/tcp-port"
	as_server "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 start >/dev/null 2>&1 ||
	    { cat "$d/server.log" >&2; stop_dir "$d"; rm -f "$STATE"; die "the server did not start"; }
	print_env "$d"
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case "$cmd" in
start) start "$@" ;;
env) [ -f "$STATE" ] || die "no cluster recorded in $STATE"; print_env "$(cat "$STATE")" ;;
stop)
	[ -f "$STATE" ] || exit 0
	d=$(cat "$STATE")
	stop_dir "$d"
	rm -f "$STATE"
	;;
*) die "usage: pg-cluster.sh start [--tcp PORT] | env | stop" ;;
esac
