/* wrap.c — text split into lines that fit a width (dialogs, help,
 * summaries), measured in display columns. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

static void lines_add(ui_lines *t, const char *s, size_t len)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **l = realloc(t->line, cap * sizeof *l);

		if (l == NULL)
			return;
		t->line = l;
		t->cap = cap;
	}
	t->line[t->n] = strndup(s, len);
	if (t->line[t->n] != NULL)
		t->n++;
}

void ui_lines_free(ui_lines *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->line[i]);
	free(t->line);
	t->line = NULL;
	t->n = t->cap = 0;
}

/* Splits on \n and wraps at spaces to width display columns. */
void ui_lines_wrap(ui_lines *t, const char *text, int width)
{
	const char *p = text;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *para = strndup(p, len);
		const char *q = para;

		if (para == NULL)
			return;
		if (*q == '\0')
			lines_add(t, "", 0);
		while (*q) {
			/* Longest prefix of whole words that fits. */
			size_t best = 0, i = 0;
			char buf[1024];

			while (q[i]) {
				size_t j = i;

				while (q[j] == ' ')
					j++;
				while (q[j] && q[j] != ' ')
					j++;
				if (j >= sizeof buf)
					break;
				memcpy(buf, q, j);
				buf[j] = '\0';
				if (ui_width(buf) > width)
					break;
				best = j;
				i = j;
			}
			if (best == 0) {
				/* One word wider than the line: cut it. */
				best = strlen(q) < (size_t)width ? strlen(q) :
				    (size_t)width;
				while (best > 1 && ((unsigned char)q[best] & 0xC0) == 0x80)
					best--;
			}
			lines_add(t, q, best);
			q += best;
			while (*q == ' ')
				q++;
		}
		free(para);
		p += len;
		if (*p == '\n')
			p++;
	}
}

