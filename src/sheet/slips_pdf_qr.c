/* slips_pdf_qr.c — the QR codes of the PDF slips (the username only),
 * encoded by libqrencode on a thread of their own while slips_pdf.c draws
 * the text: libqrencode's trial of its eight masks is most of what a code
 * costs.  One thread, and only it calls libqrencode.  The only file that
 * includes qrencode.h (check-layering). */
#include "slips_pdf_int.h"

#include <qrencode.h>

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct slips_qr {
	const ro_slips_pdf_entry *e;
	size_t n, done;
	QRcode **codes;
	int err;                    /* errno of an encoding that failed */
	bool stop, started;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	QRcode *taken;              /* what slips_qr_take last returned */
};

static QRcode *encode(const char *username)
{
	errno = 0;
	QRcode *c = QRcode_encodeString(username, 0, QR_ECLEVEL_L, QR_MODE_8,
	    1);

	if (!c && !errno)
		errno = EINVAL;
	return c;
}

static void *encode_all(void *arg)
{
	slips_qr *q = arg;

	for (size_t i = 0; i < q->n; i++) {
		pthread_mutex_lock(&q->mu);
		bool stop = q->stop;
		pthread_mutex_unlock(&q->mu);
		if (stop)
			break;
		QRcode *c = encode(q->e[i].username);
		int err = c ? 0 : errno;

		pthread_mutex_lock(&q->mu);
		q->codes[i] = c;
		q->err = err;
		q->done = i + 1;
		pthread_cond_signal(&q->cv);
		pthread_mutex_unlock(&q->mu);
		if (!c)
			break;
	}
	return NULL;
}

slips_qr *slips_qr_start(const ro_slips_pdf_entry *e, size_t n)
{
	slips_qr *q = calloc(1, sizeof *q);

	if (!q)
		return NULL;
	q->e = e;
	q->n = n;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->codes = calloc(n ? n : 1, sizeof *q->codes);
	/* Without the thread each code is encoded when it is drawn. */
	q->started = q->codes && pthread_create(&q->th, NULL, encode_all,
	    q) == 0;
	return q;
}

const unsigned char *slips_qr_take(slips_qr *q, size_t i, int *width)
{
	QRcode *c;
	int err = 0;

	if (q->taken) {
		QRcode_free(q->taken);
		q->taken = NULL;
	}
	if (!q->started) {
		c = encode(q->e[i].username);
	} else {
		pthread_mutex_lock(&q->mu);
		while (q->done <= i && !q->err)
			pthread_cond_wait(&q->cv, &q->mu);
		c = i < q->done ? q->codes[i] : NULL;
		if (c)
			q->codes[i] = NULL;
		err = q->err;
		pthread_mutex_unlock(&q->mu);
		if (!c)
			errno = err ? err : EINVAL;
	}
	if (!c)
		return NULL;
	/* Bit 0 of each byte is the module's colour: keep only that. */
	for (size_t k = 0; k < (size_t)c->width * (size_t)c->width; k++)
		c->data[k] &= 1;
	q->taken = c;
	*width = c->width;
	return c->data;
}

void slips_qr_end(slips_qr *q)
{
	if (!q)
		return;
	if (q->started) {
		pthread_mutex_lock(&q->mu);
		q->stop = true;
		pthread_mutex_unlock(&q->mu);
		pthread_join(q->th, NULL);
	}
	for (size_t i = 0; q->codes && i < q->n; i++)
		if (q->codes[i])
			QRcode_free(q->codes[i]);
	if (q->taken)
		QRcode_free(q->taken);
	free(q->codes);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}
