#!/bin/sh
# Creates the demo database for `make run` when there is none, and prints
# the demo sign-ins.  Usage: scripts/demo.sh [ROSTER [DB]]
# ROSTER defaults to the ./roster built beside this script, DB to
# demo/roster.db there; a bare program name (as make passes "roster")
# means the one in the current folder, not one on $PATH.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
roster=${1:-$top/roster}
db=${2:-$top/demo/roster.db}
case $roster in */*) ;; *) roster=./$roster ;; esac
if [ ! -x "$roster" ]; then
	echo "demo: $roster is not built yet (run make first)" >&2
	exit 1
fi
if [ ! -f "$db" ]; then
	mkdir -p "$(dirname "$db")"
	pw=$(mktemp)
	trap 'rm -f "$pw"' EXIT
	printf 'District1pw\n' >"$pw"
	chmod 600 "$pw"
	"$roster" --db "$db" init --admin district1 --password-file "$pw" --demo
	echo "  district1      District1pw    district admin"
else
	echo "Demo database: $db"
	echo "Demo sign-ins:"
	echo "  demo.admin     DemoAdmin1     site admin"
	echo "  demo.staff     DemoStaff1     staff"
	echo "  demo.student   DemoStudent1   student"
	echo "  demo.temp      TempPass1      student with a temporary password"
	echo "  district1      District1pw    district admin"
fi
