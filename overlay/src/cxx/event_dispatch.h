/*
 * event_dispatch.h -- C ABI of the event dispatcher (EXPERIMENTAL_EVENT)
 *
 * NAME
 *   exim_event_* - the table of Exim's events and the one place that
 *   raises them.
 *
 * SYNOPSIS
 *   #include "event_dispatch.h"
 *
 *   size_t exim_event_count(void);
 *   const exim_event_info *exim_event_at(size_t index);
 *   const exim_event_info *exim_event_find(const char *name);
 *   const char *exim_event_effect_text(exim_event_effect effect);
 *   exim_event_status exim_event_raise(const exim_event_host *host,
 *       const exim_event_request *req, exim_event_outcome *out);
 *
 * DESCRIPTION
 *   The dispatcher is a pure core: it owns the single table of events
 *   (name, whose event_action option is used, whether it fires before
 *   or after the thing it names, what a non-empty expansion means, and
 *   whether it sets $event_defer_errno), and it raises one event by
 *   binding the event variables, expanding the action, restoring the
 *   variables and classifying the result.  Everything that touches
 *   Exim (string expansion, the variables, the logs) goes through the
 *   host interface, a table of function pointers that Exim's C glue
 *   (event_glue.c) fills and the unit tests fake.
 *
 *   Raising an event whose action is NULL returns at once: the host is
 *   not called and nothing is allocated.
 *
 *   Nesting: an action may raise further events while it is being
 *   expanded (an ACL doing a callout).  Each raise binds its own
 *   variables and restores the outer ones before it returns.  Nesting
 *   deeper than EXIM_EVENT_MAX_NESTING is refused and logged.
 *
 * OWNERSHIP
 *   Every string passed in stays owned by the caller.  The table's
 *   strings are static.  The result string in exim_event_outcome is
 *   the pointer the host's expand() returned; the host owns it (in
 *   Exim: pool storage).  The dispatcher allocates nothing.
 *
 * ERRORS
 *   No C++ exception crosses this interface; every entry point is
 *   noexcept.  exim_event_status says whether the call itself worked;
 *   exim_event_verdict (in the outcome) says what the action decided.
 */

#ifndef EXIM_EVENT_DISPATCH_H
#define EXIM_EVENT_DISPATCH_H

#include <stddef.h>

#ifdef __cplusplus
#define EXIM_EVENT_NOEXCEPT noexcept
extern "C" {
#else
#define EXIM_EVENT_NOEXCEPT
#endif

/* Deepest nesting of raises (a raise from inside an action's expansion). */
#define EXIM_EVENT_MAX_NESTING 8

/* Longest part of an action's result or an expansion error copied into a
log line; longer text is truncated and marked with "...". */
#define EXIM_EVENT_LOG_TEXT_MAX 200

/* Whose event_action option an event uses. */
typedef enum exim_event_side {
  EXIM_EVENT_SIDE_MAIN = 1,      /* the main-section event_action */
  EXIM_EVENT_SIDE_TRANSPORT = 2, /* the transport's event_action */
  EXIM_EVENT_SIDE_BOTH = 3       /* main on the server side, transport on
                                    the client side */
} exim_event_side;

/* Whether the event fires before or after the thing it names. */
typedef enum exim_event_timing {
  EXIM_EVENT_BEFORE = 1,
  EXIM_EVENT_AFTER = 2
} exim_event_timing;

/* What a non-empty expansion result of the action means. */
typedef enum exim_event_effect {
  EXIM_EVENT_IGNORED = 1,         /* nothing */
  EXIM_EVENT_VETO_CONNECT = 2,    /* do not make the connection */
  EXIM_EVENT_VETO_VERIFY = 3,     /* refuse certificate verification */
  EXIM_EVENT_CLOSE_CONNECTION = 4 /* close the connection */
} exim_event_effect;

/* The events, in table order: exim_event_at(id) is the row of id, so C
code can name an event without a string compare.  event_dispatch.cc checks
at compile time that each id's row has the name written beside it. */
typedef enum exim_event_id {
  EXIM_EVENT_MSG_COMPLETE = 0,      /* msg:complete */
  EXIM_EVENT_MSG_DELIVERY,          /* msg:delivery */
  EXIM_EVENT_MSG_DEFER,             /* msg:defer */
  EXIM_EVENT_MSG_RCPT_DEFER,        /* msg:rcpt:defer */
  EXIM_EVENT_MSG_RCPT_HOST_DEFER,   /* msg:rcpt:host:defer */
  EXIM_EVENT_MSG_HOST_DEFER,        /* msg:host:defer */
  EXIM_EVENT_MSG_FAIL_DELIVERY,     /* msg:fail:delivery */
  EXIM_EVENT_MSG_FAIL_INTERNAL,     /* msg:fail:internal */
  EXIM_EVENT_TCP_CONNECT,           /* tcp:connect */
  EXIM_EVENT_TCP_CLOSE,             /* tcp:close */
  EXIM_EVENT_TLS_CERT,              /* tls:cert */
  EXIM_EVENT_TLS_FAIL_CONNECT,      /* tls:fail:connect */
  EXIM_EVENT_SMTP_CONNECT,          /* smtp:connect */
  EXIM_EVENT_SMTP_EHLO,             /* smtp:ehlo */
  EXIM_EVENT_DANE_FAIL,             /* dane:fail */
  EXIM_EVENT_ID_COUNT               /* number of events */
} exim_event_id;

/* One row of the event table.  All strings are static. */
typedef struct exim_event_info {
  exim_event_id id; /* its position in the table */
  const char *name; /* e.g. "msg:delivery" */
  exim_event_side side;
  exim_event_timing timing;
  exim_event_effect effect;
  int sets_defer_errno;  /* 1: $event_defer_errno is bound */
  const char *how_often; /* e.g. "per recipient" */
  const char *data;      /* what $event_data holds; NULL: unset */
  const char *summary;   /* one line: when it fires */
} exim_event_info;

/* The event variables as one raise binds them. */
typedef struct exim_event_vars {
  const char *name; /* $event_name */
  const char *data; /* $event_data; may be NULL */
  int defer_errno;  /* $event_defer_errno */
} exim_event_vars;

/* Outcome of the host's expansion of an action. */
typedef enum exim_event_expand_status {
  EXIM_EVENT_EXPAND_OK = 0,          /* *out_result is set (may be "") */
  EXIM_EVENT_EXPAND_FORCED_FAIL = 1, /* ${if ...{fail}}: silent, empty */
  EXIM_EVENT_EXPAND_ERROR = 2        /* *out_error says why */
} exim_event_expand_status;

/* Severity of a log line the dispatcher asks the host to write. */
typedef enum exim_event_log_level {
  EXIM_EVENT_LOG_MAIN = 1,      /* the main log */
  EXIM_EVENT_LOG_MAIN_PANIC = 2 /* the main and the panic log */
} exim_event_log_level;

/* The host interface.  All function pointers but debug are required;
the dispatcher passes ctx back unchanged. */
typedef struct exim_event_host {
  void *ctx;
  /* Expand an action string with the event variables bound. */
  exim_event_expand_status (*expand)(void *ctx, const char *action,
                                     const char **out_result,
                                     const char **out_error);
  /* Bind the event variables to *vars, storing the previous values. */
  void (*bind)(void *ctx, const exim_event_vars *vars,
               exim_event_vars *out_saved);
  /* Put back the values that bind() stored. */
  void (*restore)(void *ctx, const exim_event_vars *saved);
  /* Write one log line (no trailing newline). */
  void (*log)(void *ctx, exim_event_log_level level, const char *line);
  /* Write one debug line; may be NULL. */
  void (*debug)(void *ctx, const char *line);
} exim_event_host;

/* One request to raise an event. */
typedef struct exim_event_request {
  const char *action; /* the event_action value; NULL: nothing to do */
  const char *event;  /* a name from the table */
  const char *data;   /* $event_data; may be NULL */
  int defer_errno;    /* $event_defer_errno for events that set it */
  const char *scope;  /* transport name for log lines; NULL: "main" */
  const char *detail; /* who or what a veto refused, for its log line
                         (e.g. "[192.0.2.1] depth=0 cert=<CN=x>"); may be
                         NULL; truncated at EXIM_EVENT_LOG_TEXT_MAX */
} exim_event_request;

/* Whether the call worked (separate from what the action decided). */
typedef enum exim_event_status {
  EXIM_EVENT_OK = 0,            /* raised, or nothing to raise */
  EXIM_EVENT_UNKNOWN_EVENT = 1, /* name not in the table; logged */
  EXIM_EVENT_TOO_DEEP = 2,      /* nesting limit reached; logged */
  EXIM_EVENT_BAD_ARGUMENT = 3   /* NULL host, request or outcome */
} exim_event_status;

/* What the action decided. */
typedef enum exim_event_verdict {
  EXIM_EVENT_PROCEED = 0,        /* unset action, empty result, forced
                                    failure or expansion error */
  EXIM_EVENT_RESULT_IGNORED = 1, /* non-empty, but the event ignores it */
  EXIM_EVENT_VETO = 2            /* non-empty and the event honours it */
} exim_event_verdict;

/* What one raise produced. */
typedef struct exim_event_outcome {
  exim_event_verdict verdict;
  const char *result;           /* non-empty result (host-owned), or NULL */
  const exim_event_info *event; /* the table row, or NULL if unknown */
  int expanded;                 /* 1 if the host's expand() was called */
} exim_event_outcome;

/* Number of rows in the event table. */
size_t exim_event_count(void) EXIM_EVENT_NOEXCEPT;

/* Row number index of the event table, or NULL past the end. */
const exim_event_info *exim_event_at(size_t index) EXIM_EVENT_NOEXCEPT;

/* The row named name, or NULL (also for NULL). */
const exim_event_info *exim_event_find(const char *name) EXIM_EVENT_NOEXCEPT;

/* Fixed text for an effect, as used in documentation and log lines. */
const char *exim_event_effect_text(exim_event_effect effect)
    EXIM_EVENT_NOEXCEPT;

/* Fixed text for a side ("main", "transport", "both"). */
const char *exim_event_side_text(exim_event_side side) EXIM_EVENT_NOEXCEPT;

/* Fixed text for a timing ("before", "after"). */
const char *exim_event_timing_text(exim_event_timing timing)
    EXIM_EVENT_NOEXCEPT;

/* Raise one event; see DESCRIPTION.  out is always filled when non-NULL. */
exim_event_status exim_event_raise(const exim_event_host *host,
                                   const exim_event_request *req,
                                   exim_event_outcome *out) EXIM_EVENT_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif /* EXIM_EVENT_DISPATCH_H */
