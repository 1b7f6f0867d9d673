/* plan_rows.h — where a plan keeps its rows (engine-internal;
 * plan_rows.c).
 *
 * Each built row is appended as a compact encoding (varints, codes as
 * bytes, strings with their lengths) to a memory buffer; past a threshold
 * (4 MiB; ROSTER_PLAN_SPILL_BYTES, read once) the buffer goes to an
 * unlinked temporary file (0600, in $TMPDIR or /tmp) and is read back
 * with pread.  In memory stay only 8 bytes a row (the encoding's offset,
 * the row's status in its top byte), the current buffer, and the rows
 * decoded last (a ring: ro_plan_row_at's contract, in plan.h). */
#ifndef ROSTER_PLAN_ROWS_H
#define ROSTER_PLAN_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <roster/plan.h>

typedef struct plan_rows plan_rows;

/* A store for up to n rows.  RO_ENOMEM. */
int plan_rows_open(plan_rows **out, size_t n);
void plan_rows_free(plan_rows *s);
/* Rows appended so far. */
size_t plan_rows_count(const plan_rows *s);

/* The row to build next, cleared: its codes, warnings and messages
 * arrays hold RO_ST__COUNT entries each (the messages are the caller's:
 * they are copied when the row is appended); its other strings and the
 * changes are carved from *plan_rows_arena, which is emptied here. */
ro_plan_row *plan_rows_scratch(plan_rows *s);
struct plan_chunk **plan_rows_arena(plan_rows *s);
/* Encodes the scratch row as the next row.  RO_ENOMEM; RO_EIO when the
 * temporary file cannot be made or written (the message names its
 * folder). */
int plan_rows_append(plan_rows *s);
/* The row appended last, as it was built (until the next scratch). */
const ro_plan_row *plan_rows_last(const plan_rows *s);

/* Row i (< count), decoded: plan.h's ro_plan_row_at.  NULL with RO_EIO
 * (and the message) when it cannot be read back. */
const ro_plan_row *plan_rows_get(plan_rows *s, size_t i);
/* Row i's status, from memory (never fails). */
ro_status plan_rows_status(const plan_rows *s, size_t i);
/* Bytes encoded so far; bytes the store holds in memory (its index,
 * buffer, read window, decoded rows and scratch arena); and both as a
 * ROSTER_TRACE line. */
uint64_t plan_rows_encoded(const plan_rows *s);
size_t plan_rows_memory(const plan_rows *s);
void plan_rows_trace(const plan_rows *s);

/* plan_row_code.c: any row into an encoding and back: encode writes at
 * most plan_row_encoded_size(r) bytes to dst; decode fills *out from
 * mem (cap bytes: plan_row_decoded_size(enc, n) of them, or RO_EIO when
 * the encoding is damaged). */
bool plan_row_encodable(const ro_plan_row *r);   /* fields known */
size_t plan_row_encoded_size(const ro_plan_row *r);
size_t plan_row_encode(const ro_plan_row *r, uint8_t *dst);
int plan_row_decoded_size(const uint8_t *enc, size_t n, size_t *size);
int plan_row_decode(const uint8_t *enc, size_t n, ro_plan_row *out,
    char *mem, size_t cap);

/* Tests: the spill threshold in bytes (0: the default), before a store
 * is opened; and the temporary file's descriptor (-1: none yet). */
void plan_rows_set_spill(size_t bytes);
int plan_rows_fd(const plan_rows *s);

#endif
