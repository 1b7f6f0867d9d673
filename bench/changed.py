# bench/changed.py IN OUT — an Export for Upload file with every row's
# Email changed (username@bench.example): every row an update, with no
# password and no username change, so no blast-radius hold.  The upload
# files of bench/run.sh and bench/pg.sh.
import csv
import sys

with open(sys.argv[1], newline='', encoding='utf-8-sig') as f, \
     open(sys.argv[2], 'w', newline='', encoding='utf-8') as g:
    r, w = csv.reader(f), csv.writer(g, lineterminator='\r\n')
    w.writerow(next(r))
    for row in r:
        row[7] = row[1].lstrip("'") + '@bench.example'
        w.writerow(row)
