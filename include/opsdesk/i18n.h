/* Every user-facing string goes through gettext, so a translation is only a
 * catalogue. N_() marks strings in tables that are translated where shown. */
#ifndef OPSDESK_I18N_H
#define OPSDESK_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Picks the interface language from the environment (LC_ALL, LC_MESSAGES,
 * LANG: zh_CN or zh gives Chinese, anything else English) and binds the
 * catalogue: the build tree's, next to the executable, when there is one,
 * else the installed one under localedir. Call once, after setlocale. */
void i18n_init(const char *localedir);

/* Forces a language the site's rules name ("zh_CN" or "en"); NULL or ""
 * keeps the environment's choice. */
void i18n_force(const char *language);

/* Whether NAME is a language i18n_force accepts. */
bool i18n_known(const char *name);

#endif
