/* google_csv.c — Google Workspace's bulk-update users CSV (Admin console:
 * Directory > Users > Bulk update users).
 *
 * Google's blank template has some thirty columns; the console takes a
 * file with only some of them as long as the [Required] ones are there.
 * We write the four [Required] columns a password change needs, the
 * hash-function column left blank (the password is plain text, which is
 * what the console then hashes), the Org Unit Path Google requires ("/"
 * is the top-level unit) and Change Password at Next Sign-In, which makes
 * a temporary password temporary in Google too.  "****" in the Password
 * column is Google's way of saying "leave the password as it is". */
#include <roster/bundle.h>

static const char *const google_headers[RO_GOOGLE_COLUMNS] = {
	"First Name [Required]", "Last Name [Required]",
	"Email Address [Required]", "Password [Required]",
	"Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]",
	"Change Password at Next Sign-In",
};

const char *const *ro_google_headers(void)
{
	return google_headers;
}

void ro_google_csv_header(FILE *f)
{
	for (size_t i = 0; i < RO_GOOGLE_COLUMNS; i++) {
		if (i)
			fputc(',', f);
		ro_csv_put_cell(f, google_headers[i]);
	}
	fputs("\r\n", f);
}

void ro_google_csv_row(FILE *f, const ro_google_user *u)
{
	const char *cells[RO_GOOGLE_COLUMNS] = {
		u->first, u->last, u->email,
		u->password ? u->password : "****",
		NULL,
		u->org_unit && *u->org_unit ? u->org_unit : "/",
		u->change_at_next > 0 ? "TRUE" : u->change_at_next == 0 ?
		    "FALSE" : NULL,
	};

	for (size_t i = 0; i < RO_GOOGLE_COLUMNS; i++) {
		if (i)
			fputc(',', f);
		ro_csv_put_cell(f, cells[i]);
	}
	fputs("\r\n", f);
}
