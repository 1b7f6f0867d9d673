/* task_int.h — what the task form (task.c) and the task's run
 * (task_run.c) share. */
#ifndef ROSTER_TUI_TASK_INT_H
#define ROSTER_TUI_TASK_INT_H

#include "form.h"
#include "screens.h"

#include <roster/account.h>
#include <roster/task.h>

enum {
	F_INTRO,
	/* Reset Passwords */
	R_SHARED, T_PASS, T_PASS2, L_RULES, R_GEN, T_SLIPS, C_SQ, C_NOTIFY,
	/* Export for Upload */
	R_XLSX, R_CSV, T_PATH,
	/* Move to Group, Change Graduation Year */
	P_GROUP, T_YEAR,
	B_GO, B_CANCEL, F__N
};
enum { ACT_GO = 1, ACT_CANCEL };
enum { TAG_CONFIRM = TAG_OWN, TAG_HOLD, TAG_DONE, TAG_FAIL, TAG_EXISTS };

typedef struct task {
	ui_screen base;
	ro_task_kind kind;
	char title[64];
	char intro[160];
	ro_selection sel;
	int64_t *ids;
	size_t count;
	fw_field f[F__N];
	form fm;
	ro_named_list *groups;
	const char **group_names;
	char error[256];
	ro_task_opts opts;
	bool csv_shown;             /* export: the format the name last had */
	ro_task_preview pv;      /* what the confirmation stated */
	ro_task_result *result;
	size_t exported;
	char *path;              /* export file or slips file, expanded */
	unsigned write_flags;    /* RO_WRITE_REPLACE once the user agreed */
	char *alt_path;          /* the free name offered for an export */
} task;

/* The button's word: "Reset", "Export", … */
const char *task_go_label(ro_task_kind k);
/* Checks the form, asks what would change (with a progress screen: a
 * million portfolios take seconds) and pushes the confirmation. */
void task_go(task *t);
/* Runs the task behind a progress bar; its result replaces the bar. */
void task_start(task *t);
/* The answer to "the export file exists" (TAG_EXISTS): 0 save under the
 * free name offered, 1 replace, else nothing. */
void task_exists_answer(task *t, int result);

#endif
