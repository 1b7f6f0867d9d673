#!/bin/sh
# The plan module's files call one another one way: each file calls only
# functions defined in the files listed before it in the order at the top
# of src/core/plan_int.h (bottom first).  Fails naming the call that runs
# the wrong way, or a plan file missing from that list; and a public
# header that names the plan's private arena (struct plan_chunk).
set -u
cd "$(dirname "$0")/.."
order=$(sed -n '1,/^#ifndef/s/^ \*   \(plan[a-z_]*\.c\).*/\1/p' src/core/plan_int.h)
fail=0
for f in src/core/plan*.c; do
	echo "$order" | grep -qx "${f#src/core/}" ||
	    { echo "plan order: ${f#src/core/} is not in plan_int.h's list"; fail=1; }
done
# Each file's exported plan_* functions (defined at column 0, not static).
defs=$(for f in $order; do
	sed -n 's/^[a-z][a-z_ ]*[ *]\(plan_[a-z0-9_]*\)(.*/\1/p' "src/core/$f" |
	    sed "s|^|$f |"
done)
i=0
for f in $order; do
	i=$((i + 1))
	# functions of this file and of those after it
	later=$(echo "$order" | tail -n +"$i" | tr '\n' ' ')
	for g in $later; do
		[ "$g" = "$f" ] && continue
		for fn in $(echo "$defs" | awk -v g="$g" '$1 == g { print $2 }'); do
			if grep -qE "\\b$fn\\(" "src/core/$f"; then
				echo "plan order: $f calls $fn of $g, listed after it"
				fail=1
			fi
		done
	done
done
# the plan's private parts stay out of the public headers
bad=$(grep -l 'plan_chunk' include/roster/*.h)
[ -n "$bad" ] && { echo "plan order: a private plan struct in $bad"; fail=1; }
[ $fail = 0 ] && echo "plan order: ok"
exit $fail
