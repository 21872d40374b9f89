/* Every user-facing string goes through gettext, so a translation is only a
 * catalogue. N_() marks strings in tables that are translated where shown. */
#ifndef OPSDESK_I18N_H
#define OPSDESK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
