/* Every key of the console, declared once: the key handlers translate keys
 * through this table, and the help screen, `opsdesk keys` and the man page's
 * key table come from it. */
#ifndef OPSDESK_TUI_ACTIONS_H
#define OPSDESK_TUI_ACTIONS_H

#include <stdbool.h>
#include <wchar.h>

typedef enum tui_action_id {
	A_NONE = 0,
	/* everywhere */
	A_HELP,
	A_BACK,
	A_SCREEN, /* 0-9: the digit picks the screen */
	A_REDRAW,
	A_QUIT,
	/* lists */
	A_UP,
	A_DOWN,
	A_PAGE_UP,
	A_PAGE_DOWN,
	A_FIRST,
	A_LAST,
	A_OPEN,
	A_NEW,
	A_SEARCH,
	A_REFRESH,
	/* forms */
	A_NEXT_FIELD,
	A_PREV_FIELD,
	A_SAVE,
	A_CANCEL,
	A_CHOICE_NEXT,
	A_CHOICE_PREV,
	A_TOGGLE,
	A_FIND_CHOICE, /* no key of its own: typing in a choice or person field */
	/* editing text in a field (or a search) */
	A_CURSOR_LEFT,
	A_CURSOR_RIGHT,
	A_LINE_START,
	A_LINE_END,
	A_DELETE_BACK,
	A_DELETE_FORWARD,
	A_DELETE_TO_START,
	A_DELETE_TO_END,
	A_DELETE_WORD,
	A_LINE_UP,   /* multi-line fields */
	A_LINE_DOWN,
	A_NEW_LINE,
	/* records */
	A_EDIT,
	A_TRANSITION,
	A_COMMENT,
	A_ASSIGN,
	A_LINK, /* link or unlink the record and another */
	A_FILTER,
	A_SORT,
	A_ACTIVATE,
	/* the roster grid */
	A_DAY_PREV,
	A_DAY_NEXT,
	A_MONTH_PREV,
	A_MONTH_NEXT,
	A_TODAY,
	A_CELL_SET,
	A_CELL_CLEAR,
	/* the roster's processes (the roster screen and the dashboard) */
	A_SWAP_REQUEST,
	A_SWAPS_PENDING,
	A_LEAVE_ADD,
	A_LEAVE_CANCEL,
	A_REASSIGN,
	A_HANDOVER_NOTE,
	A_HANDOVER_ACK,
	/* reports and the duty log */
	A_REPORT,    /* a record's report */
	A_LOG_ENTRY, /* the dashboard: write a duty log entry */
	A_PRINT,
	A_EXPORT,
	/* changes */
	A_VIEW, /* list, week, month */
	A_VOTE,
	A_RELEASES,
	A_BY_CI,
	/* the inspections screen */
	A_INSPECT_MINE,
	A_INSPECT_OVERDUE,
	A_INSPECT_LOCATION,
	A_INSPECT_PERIOD,
	A_INSPECT_SERIES,
	/* service requests: intake next to a fault's, and their list */
	A_REQUEST_NEW,
	A_REQUESTS,
	/* problems */
	A_CANDIDATES,
	A_SHOW_ALL,
	A_WHY,
	A_FISHBONE,
	A_RESOLVE_INCIDENTS,
	A_ARTICLE,
	/* the knowledge base: an incident's search and resolve, screen 8 */
	A_KB_RESOLVE,
	A_KB_DRILLS,
	A_KB_HISTORY,
	A_KB_USE,
} tui_action_id;

/* A key as wget_wch gives it: a character, or a function key code. */
typedef struct tui_key {
	bool func;
	wint_t ch;
} tui_key;

/* The character Ctrl and c type. */
#define TUI_CTRL(c) ((wint_t)((c) & 0x1f))

typedef struct tui_action {
	tui_action_id id;
	const char *context; /* "global", "list", "form", "text", "people", ... */
	wint_t keys[6];      /* characters; function keys are offset by TUI_FUNC */
	const char *keys_label;
	const char *help;
} tui_action;

/* Function key codes are stored as TUI_FUNC + the curses code, so one array
 * holds both kinds. */
#define TUI_FUNC 0x1000000u

extern const tui_action tui_actions[]; /* ends with id == A_NONE */

/* The action for k in context, or A_NONE. */
tui_action_id tui_action_for(const char *context, tui_key k);

#endif
