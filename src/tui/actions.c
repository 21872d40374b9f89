/* The console's actions and their keys. Contexts: "global" works on every
 * screen (after the screen and its widget had their chance), "list" in any
 * list, "form" in any form, and screen names for a screen's own keys. */
#include "opsdesk/tui_actions.h"

#include <curses.h>
#include <string.h>

#include "opsdesk/i18n.h"

#define FK(code) (TUI_FUNC + (wint_t)(code))

const tui_action tui_actions[] = {
	{A_HELP, "global", {'?', FK(KEY_F(1))}, "? F1", N_("help: this list of keys")},
	{A_BACK, "global", {'q'}, "q", N_("back; quits from a top screen")},
	{A_SCREEN, "global", {'0'}, "0-9",
	 N_("switch screen: 1 dashboard, 2 incidents, 3 changes, 4 roster, 5 inspections, "
	    "6 problems, 7 assets, 8 knowledge base, 9 reports, 0 people")},
	{A_REDRAW, "global", {TUI_CTRL('L')}, "Ctrl-L", N_("redraw the screen")},
	{A_QUIT, "global", {TUI_CTRL('C')}, "Ctrl-C", N_("quit opsdesk (in a form: cancel)")},
	{A_UP, "list", {'k', FK(KEY_UP)}, "Up k", N_("previous line")},
	{A_DOWN, "list", {'j', FK(KEY_DOWN)}, "Down j", N_("next line")},
	{A_PAGE_UP, "list", {FK(KEY_PPAGE)}, "PgUp", N_("previous page")},
	{A_PAGE_DOWN, "list", {FK(KEY_NPAGE)}, "PgDn", N_("next page")},
	{A_FIRST, "list", {'g', FK(KEY_HOME)}, "g Home", N_("first line")},
	{A_LAST, "list", {'G', FK(KEY_END)}, "G End", N_("last line")},
	{A_OPEN, "list", {'\n', '\r', FK(KEY_ENTER)}, "Enter", N_("open the selected record")},
	{A_NEW, "list", {'n'}, "n", N_("new record")},
	{A_SEARCH, "list", {'/'}, "/", N_("search: show only lines containing the text (Esc clears)")},
	{A_REFRESH, "list", {'r'}, "r", N_("refresh from the database")},
	{A_NEXT_FIELD, "form", {'\t', FK(KEY_DOWN), '\n', '\r', FK(KEY_ENTER)}, "Tab Down Enter",
	 N_("next field (in a multi-line field Enter starts a new line)")},
	{A_PREV_FIELD, "form", {FK(KEY_BTAB), FK(KEY_UP)}, "Shift-Tab Up", N_("previous field")},
	{A_SAVE, "form", {TUI_CTRL('S'), FK(KEY_F(2))}, "Ctrl-S F2", N_("save")},
	{A_CANCEL, "form", {27, TUI_CTRL('C')}, "Esc", N_("cancel (asks when there are unsaved changes)")},
	{A_CHOICE_NEXT, "form", {FK(KEY_RIGHT)}, "Right", N_("choice fields: next choice")},
	{A_CHOICE_PREV, "form", {FK(KEY_LEFT)}, "Left", N_("choice fields: previous choice")},
	{A_TOGGLE, "form", {' '}, "Space", N_("multiple-choice fields: tick or untick the choice")},
	{A_FIND_CHOICE, "form", {0}, "letters",
	 N_("choice and person fields: type part of a name or login to pick it")},
	{A_CURSOR_LEFT, "text", {FK(KEY_LEFT)}, "Left", N_("one character back")},
	{A_CURSOR_RIGHT, "text", {FK(KEY_RIGHT)}, "Right", N_("one character on")},
	{A_LINE_START, "text", {FK(KEY_HOME), TUI_CTRL('A')}, "Home Ctrl-A", N_("start of the line")},
	{A_LINE_END, "text", {FK(KEY_END), TUI_CTRL('E')}, "End Ctrl-E", N_("end of the line")},
	{A_DELETE_BACK, "text", {FK(KEY_BACKSPACE), 127, TUI_CTRL('H')}, "Backspace Ctrl-H",
	 N_("delete the character before the cursor")},
	{A_DELETE_FORWARD, "text", {FK(KEY_DC)}, "Delete", N_("delete the character at the cursor")},
	{A_DELETE_TO_START, "text", {TUI_CTRL('U')}, "Ctrl-U", N_("delete to the start of the line")},
	{A_DELETE_TO_END, "text", {TUI_CTRL('K')}, "Ctrl-K", N_("delete to the end of the line")},
	{A_DELETE_WORD, "text", {TUI_CTRL('W')}, "Ctrl-W", N_("delete the word before the cursor")},
	{A_LINE_UP, "text", {FK(KEY_UP)}, "Up", N_("multi-line fields: the line above")},
	{A_LINE_DOWN, "text", {FK(KEY_DOWN)}, "Down", N_("multi-line fields: the line below")},
	{A_NEW_LINE, "text", {'\n', '\r', FK(KEY_ENTER)}, "Enter",
	 N_("multi-line fields: a new line")},
	{A_EDIT, "record", {'e'}, "e", N_("edit the selected record")},
	{A_TRANSITION, "record", {'t'}, "t", N_("take a workflow action (the rules say which)")},
	{A_COMMENT, "record", {'c'}, "c", N_("add a comment to the journal")},
	{A_ASSIGN, "record", {'a'}, "a", N_("assign to someone (an action that sets the assignee)")},
	{A_LINK, "record", {'L'}, "L",
	 N_("link the record to another (INC-12, PRB-3, KB-5 ...), or unlink them")},
	{A_REPORT, "record", {'p'}, "p", N_("print or export its report (a preview first)")},
	{A_FILTER, "incidents", {'f'}, "f", N_("filter the incidents: state, priority, assignee, breached")},
	{A_SORT, "incidents", {'s'}, "s", N_("sort: most urgent, newest or due soonest first")},
	{A_ACTIVATE, "people", {'d'}, "d", N_("deactivate or reactivate the selected person")},
	{A_DAY_PREV, "roster", {'h', FK(KEY_LEFT)}, "Left h", N_("previous day")},
	{A_DAY_NEXT, "roster", {'l', FK(KEY_RIGHT)}, "Right l", N_("next day")},
	{A_MONTH_PREV, "roster", {'[', '<'}, "[ <", N_("previous month")},
	{A_MONTH_NEXT, "roster", {']', '>'}, "] >", N_("next month")},
	{A_TODAY, "roster", {'t'}, "t", N_("back to today")},
	{A_CELL_SET, "roster", {'s', '\n', '\r', FK(KEY_ENTER)}, "Enter s",
	 N_("set the selected cell: pick a shift and press Enter (Space ticks several)")},
	{A_CELL_CLEAR, "roster", {'x', FK(KEY_DC)}, "x Delete",
	 N_("clear the selected cell: no shift that day")},
	{A_SWAP_REQUEST, "roster", {'w'}, "w",
	 N_("request a swap of your shift (the selected day's first): pick the colleague and "
	    "theirs back")},
	{A_SWAPS_PENDING, "roster", {'p'}, "p",
	 N_("pending swaps: agree or decline, approve or reject (roster.approve)")},
	{A_LEAVE_ADD, "roster", {'v'}, "v", N_("record leave of the selected person from the selected day")},
	{A_LEAVE_CANCEL, "roster", {'V'}, "V", N_("cancel a leave of the selected person")},
	{A_REASSIGN, "roster", {'o'}, "o",
	 N_("reassign the selected shift on the person's behalf, with a reason (roster.manage)")},
	{A_HANDOVER_NOTE, "roster", {'n'}, "n", N_("write a handover note for the shift on duty now")},
	{A_HANDOVER_ACK, "roster", {'a'}, "a", N_("acknowledge the handover of the shift that has ended")},
	{A_SWAPS_PENDING, "dashboard", {'p'}, "p",
	 N_("act on the pending swap requests shown")},
	{A_HANDOVER_NOTE, "dashboard", {'n'}, "n", N_("write a handover note for the shift on duty now")},
	{A_HANDOVER_ACK, "dashboard", {'a'}, "a", N_("acknowledge the incoming handover shown")},
	{A_LOG_ENTRY, "dashboard", {'l'}, "l", N_("write an entry in the duty log of the shift on duty")},
	{A_PRINT, "report", {'p'}, "p", N_("print the report shown (asks for the printer)")},
	{A_EXPORT, "report", {'w'}, "w", N_("write the report shown to a file: text, HTML or JSON")},
	{A_VIEW, "changes", {'v'}, "v", N_("changes: list, week calendar, month calendar")},
	{A_FILTER, "changes", {'f'}, "f", N_("filter the changes: mine, awaiting my vote, this week, state")},
	{A_MONTH_PREV, "changes", {'[', '<'}, "[ <", N_("calendar: previous week or month")},
	{A_MONTH_NEXT, "changes", {']', '>'}, "] >", N_("calendar: next week or month")},
	{A_VOTE, "change", {'v'}, "v", N_("a change: vote approve, reject or abstain")},
	{A_BY_CI, "changes", {'b'}, "b", N_("the calendar (week or month) by day or by CI")},
	{A_RELEASES, "changes", {'R'}, "R", N_("the releases: each with its changes and their states")},
	{A_INSPECT_MINE, "inspect", {'m'}, "m", N_("only the rounds of my roles, or all again")},
	{A_INSPECT_OVERDUE, "inspect", {'o'}, "o", N_("only the overdue rounds, or all again")},
	{A_INSPECT_LOCATION, "inspect", {'l'}, "l",
	 N_("only the selected round's location, or every location again")},
	{A_REPORT, "inspect", {'p'}, "p", N_("the report of the selected round's last run (a preview)")},
	{A_INSPECT_SERIES, "inspect", {'a'}, "a",
	 N_("the selected round on every CI of its template and location, one form after the other")},
	{A_INSPECT_PERIOD, "inspect", {'P'}, "P",
	 N_("the period report of this month: completion, abnormal items, overdue rounds")},
	{A_REQUEST_NEW, "incidents", {'N'}, "N",
	 N_("new service request (n records a fault): pick its type, then its fields")},
	{A_REQUESTS, "incidents", {'R'}, "R", N_("the service requests: list, read, new (n)")},
	{A_CANDIDATES, "problems", {'c'}, "c",
	 N_("the recurring incidents no open problem covers yet, or the problems again")},
	{A_SHOW_ALL, "problems", {'a'}, "a", N_("problems: the open ones, or all (closed too)")},
	{A_NEW, "problems", {'n', '\n', '\r', FK(KEY_ENTER)}, "Enter n",
	 N_("recurring incidents: open a problem with the selected group's incidents linked")},
	{A_WHY, "problem", {'w'}, "w", N_("a problem: add the next why of the 5-why chain")},
	{A_FISHBONE, "problem", {'f'}, "f",
	 N_("a problem: add a fishbone note under one of the rules' categories")},
	{A_RESOLVE_INCIDENTS, "problem", {'R'}, "R",
	 N_("a problem: resolve its open incidents with its cause, fix and verification")},
	{A_ARTICLE, "problem", {'A'}, "A",
	 N_("a problem: write it up as a knowledge-base article (root cause, fix, workaround)")},
	{A_KB_RESOLVE, "record", {'K'}, "K",
	 N_("an incident: search the knowledge base with its summary and resolve with an article")},
	{A_FILTER, "kb", {'f'}, "f", N_("show every type, only articles or only emergency plans")},
	{A_KB_DRILLS, "kb", {'d'}, "d", N_("the drills instead of the articles, or back")},
	{A_KB_HISTORY, "article", {'h'}, "h", N_("an article: its versions; Enter shows one")},
	{A_KB_USE, "kb_pick", {'u'}, "u",
	 N_("resolve the incident with the selected article: its solution and cause, and a link")},
	{A_NONE, NULL, {0}, NULL, NULL},
};

tui_action_id tui_action_for(const char *context, tui_key k)
{
	wint_t code = k.func ? FK(k.ch) : k.ch;
	for (const tui_action *a = tui_actions; a->id; a++) {
		if (strcmp(a->context, context) != 0)
			continue;
		if (a->id == A_SCREEN)
			if (!k.func && k.ch >= '0' && k.ch <= '9')
				return A_SCREEN;
		for (size_t i = 0; i < sizeof a->keys / sizeof *a->keys && a->keys[i]; i++)
			if (a->keys[i] == code)
				return a->id;
	}
	return A_NONE;
}
