"""slips_crop.py PAGE.pgm DPI LAYOUT PAPER OUT: cuts a page of PDF slips,
rendered as a binary PGM (pdftoppm -gray), into one PGM per slip place,
OUT-00.pgm, OUT-01.pgm, ... in the order the slips are laid out (rows of
labels left to right), so that each QR code is decoded on its own as a
phone would see one label.  The places are those of src/sheet/slips_pdf.c:
Avery 5160 labels (Letter, or the same grid centred on A4), or the list's
rows of 1.25 in between half-inch margins."""
import sys

path, dpi, layout, paper, out = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
data = open(path, 'rb').read()
parts = data.split(maxsplit=4)
assert parts[0] == b'P5'
W, H = int(parts[1]), int(parts[2])
pix = parts[4]
s = dpi / 72
pw, ph = (595.276, 841.89) if paper == 'a4' else (612, 792)
if layout == 'labels':
    cols, rows, w, h, px, py = 3, 10, 189, 72, 198, 72
    x0 = (pw - 2 * px - w) / 2 if paper == 'a4' else 13.5
    y0 = (ph - 10 * py) / 2 if paper == 'a4' else 36
else:
    cols, w, h, px, py, x0, y0 = 1, pw - 72, 90, 0, 90, 36, 36
    rows = int((ph - 72) // py)
k = 0
for r in range(rows):
    for c in range(cols):
        X, Y = int((x0 + c * px) * s), int((y0 + r * py) * s)
        cw, ch = int(w * s), int(h * s)
        rowsdata = b''.join(pix[(Y + j) * W + X:(Y + j) * W + X + cw] for j in range(ch))
        with open('%s-%02d.pgm' % (out, k), 'wb') as f:
            f.write(b'P5\n%d %d\n255\n' % (cw, ch) + rowsdata)
        k += 1
