/* Every user-facing string goes through gettext, so a translation is only a
 * catalogue. N_() marks strings in tables that are translated where shown.
 * One English word can need two Chinese ones (a person's name is 姓名, an
 * asset's 名称): C_(context, s) translates s as said of context, and
 * NC_(context, s) marks it in a table; both become gettext's own
 * "context\004s" key, and _() of such a key gives the bare English when the
 * catalogue has no translation (tests/lib/pot.sh extracts them as msgctxt). */
#ifndef OPSDESK_I18N_H
#define OPSDESK_I18N_H

#include <libintl.h>
#include <stdbool.h>

#define _(s) i18n_text(s)
#define N_(s) (s)
#define C_(c, s) i18n_text(c "\004" s)
#define NC_(c, s) (c "\004" s)

/* gettext, with the context of an untranslated NC_ key dropped. */
char *i18n_text(const char *msgid) __attribute__((format_arg(1)));

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
