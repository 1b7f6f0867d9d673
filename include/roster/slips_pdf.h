/* slips_pdf.h — the sign-in slips as a PDF to print and cut
 * (src/sheet/slips_pdf*.c, the files that know cairo, pango and
 * libqrencode): labels on a standard sheet, or one slip per row of a full
 * page, each with the site, the group, the full name, the username and the
 * password in a face where l/1/I and O/0 differ, and optionally a QR code
 * that holds the username only. */
#ifndef ROSTER_SLIPS_PDF_H
#define ROSTER_SLIPS_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum ro_slips_format {
	RO_SLIPS_AUTO = 0,      /* from the name: .pdf, .csv, else text */
	RO_SLIPS_TEXT,
	RO_SLIPS_CSV,
	RO_SLIPS_PDF
} ro_slips_format;

typedef enum ro_slips_layout {
	RO_SLIPS_LABELS = 0,    /* 3 x 10 labels of 2.625 x 1 in (Avery 5160) */
	RO_SLIPS_LIST           /* one slip per row of the page, larger type */
} ro_slips_layout;

typedef enum ro_slips_paper {
	RO_SLIPS_LETTER = 0,    /* US Letter, 8.5 x 11 in */
	RO_SLIPS_A4
} ro_slips_paper;

typedef struct ro_slips_style {
	ro_slips_format format;
	ro_slips_layout layout;  /* PDF only */
	ro_slips_paper paper;    /* PDF only */
	bool qr;                 /* PDF only: a QR code of the username */
} ro_slips_style;

/* One slip, in the order it is printed. */
typedef struct ro_slips_pdf_entry {
	const char *group;       /* NULL or "": none */
	const char *name;        /* the full name */
	const char *username;
	const char *password;
	bool temporary;          /* "change it at your first sign-in" */
} ro_slips_pdf_entry;

/* Slips on one page of that layout and paper. */
size_t ro_slips_pdf_per_page(ro_slips_layout layout, ro_slips_paper paper);

/* Writes the n slips as a PDF to f (left open; the caller flushes and
 * syncs it).  0, RO_EIO when writing failed, RO_EINTERNAL when cairo or
 * libqrencode failed (the message says which). */
int ro_slips_pdf_write(FILE *f, const char *site,
    const ro_slips_pdf_entry *e, size_t n, const ro_slips_style *st);

#endif
