/* Printing a text report on a CUPS queue with Chinese on the paper. The
 * text (UTF-8, pages separated by form feeds) goes through the site's
 * print filter, which makes PostScript with a Chinese font (default: paps
 * with WenQuanYi Zen Hei Mono, sized so a sheet of A4 holds page_lines
 * lines of width columns), and the PostScript to the site's print command (default
 * lp) on its standard input. Both are argument lists run without a shell,
 * with the user's own user and group ids, never a setgid installation's. */
#ifndef OPSDESK_PRINT_H
#define OPSDESK_PRINT_H

#include <stddef.h>

#include "opsdesk/rules.h"
#include "opsdesk/status.h"

/* printer NULL: the command's default destination; else "-d printer" is
 * added. On success, what the print command said (lp: "request id is
 * ...") is in said (at most len bytes, one line). OD_IO with the
 * command's own message when either program fails or cannot be run. */
od_status print_text(const rules *r, const char *text, int width, int page_lines,
		     const char *printer, char *said, size_t len, od_error *err);

#endif
