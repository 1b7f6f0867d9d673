/* form.h — form widgets: text field (masked for passwords), check box,
 * radio button, pick list (a drop-down), button and label.  Tab and
 * Shift-Tab (and the arrows) move between fields; Enter or Space presses
 * a button.  A form is an array of fields placed by its screen. */
#ifndef ROSTER_TUI_FORM_H
#define ROSTER_TUI_FORM_H

#include "ui.h"

typedef enum fw_kind {
	FW_LABEL, FW_TEXT, FW_CHECK, FW_RADIO, FW_PICK, FW_BUTTON
} fw_kind;

#define FW_TEXT_MAX 512

typedef struct fw_field fw_field;
struct fw_field {
	fw_kind kind;
	const char *label;
	int row, col;           /* relative to the form's origin */
	int label_w;            /* text/pick: columns before the value */
	int width;              /* text/pick: value columns */
	bool mask;              /* text: show * for each character */
	bool hidden, disabled;
	char text[FW_TEXT_MAX]; /* text: the value, UTF-8 */
	size_t pos;             /* text: cursor, a byte offset */
	bool on;                /* check, radio */
	int group;              /* radio: buttons of one group exclude */
	const char *const *options; /* pick */
	size_t nopt, sel;
	int action;             /* button: reported when pressed */
	/* Tab in a text field: true when it completed something (else Tab
	 * moves on). */
	bool (*complete)(fw_field *f);
	ui_role role;           /* label: its role */
};

typedef struct form {
	fw_field *f;
	size_t n;
	size_t focus;
	int y, x;               /* origin */
} form;

enum {
	FORM_IGNORED = 0,
	FORM_HANDLED,
	FORM_PRESSED,           /* a button: *action set */
	FORM_PICK,              /* open the pick list of the focused field */
	FORM_CHANGED            /* a value changed (text typed, box ticked) */
};

/* Focus on the first field that takes it. */
void form_init(form *fm, fw_field *fields, size_t n, int y, int x);
void form_draw(const form *fm, WINDOW *w, ui_app *app, bool active);
int form_key(form *fm, int ch, int *action);
/* 0 outside every field; else as form_key (a click on a check box ticks
 * it, on a button presses it, on a pick list opens it). */
int form_mouse(form *fm, const MEVENT *ev, int *action);
fw_field *form_focused(form *fm);
void form_focus(form *fm, size_t i);
/* Sets a text field's value (cursor to the end). */
void form_set_text(fw_field *f, const char *s);
/* Wipes a text field (passwords). */
void form_wipe(fw_field *f);
/* What a new password and its repetition are worth, as a line under
 * the fields: the rule it breaks, that the two differ, or that it follows
 * the rules (dim help while it is empty).  *msg is static text. */
ui_role form_password_feedback(const char *pw, const char *again,
    const char **msg);
/* FORM_PICK asks the screen to open the field's pick list: the widget
 * pushes no screen (pick_field_open and pick_field_closed, dialog.c). */

#endif
