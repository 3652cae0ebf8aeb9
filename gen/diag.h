/* diag — content problems as data.
 *
 * Every stage adds what it finds here and goes on, so an editor sees all
 * problems of a build at once. Nothing below main() prints: the CLI formats
 * the list (GCC-style lines or JSON) when the build is over. */
#ifndef ROUTEKAART_DIAG_H
#define ROUTEKAART_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum { DIAG_ERROR, DIAG_WARNING } DiagSeverity;

typedef struct {
    char *path;       /* relative to the folder given to `build` */
    int line, column; /* 1-based; 0 when the problem has no position */
    DiagSeverity severity;
    char *code;       /* stable kebab-case kind, e.g. "unknown-key" */
    char *message;    /* English, one line, no trailing period */
    char *suggestion; /* the near miss ("steuntje"), or NULL */
} Diag;

/* Where something is in a file: the position a diagnostic points at. */
typedef struct {
    const char *path; /* display path, starts with "content/" (or "layouts/") */
    int line, column; /* 1-based */
} Mark;

typedef struct Diags Diags;

Diags *diags_new(void);
/* diags_free(NULL) is a no-op. */
void diags_free(Diags *diags);
/* Removes every warning and keeps the errors in their order: a site refused
 * whole for a limit reports why, not a warning for each thing in it. */
void diags_drop_warnings(Diags *diags);

/* Adds one problem. `path` and `suggestion` are copied; `suggestion` may be
 * NULL. */
void diag_add(Diags *diags, DiagSeverity severity, const char *path, int line, int column,
              const char *code, const char *suggestion, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* The same at a Mark: the position of what the message is about. */
void diag_at(Diags *diags, DiagSeverity severity, Mark mark, const char *code, const char *suggestion,
             const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* diag_at for a caller with arguments of its own. */
void diag_at_v(Diags *diags, DiagSeverity severity, Mark mark, const char *code, const char *suggestion,
               const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

size_t diags_len(const Diags *diags);
const Diag *diags_at(const Diags *diags, size_t i);
size_t diags_count(const Diags *diags, DiagSeverity severity);
/* Orders by path, line, column, then message, so output does not depend on
 * the order in which stages found things. Stable for equal keys. */
void diags_sort(Diags *diags);

/* Adds the problems of `from` to `into`, but not a layout's problem that
 * `into` holds already (same place, severity and message): a layout's
 * mistake found while filling every region's pages is one mistake. */
void diags_merge(Diags *into, const Diags *from);

/* Appends `path:line:column: error: message; did you mean 'x'?` lines. */
void diags_format_gcc(const Diags *diags, Buf *out);
/* Appends a JSON array of objects {path, line, column, severity, code,
 * message, suggestion}. */
void diags_format_json(const Diags *diags, Buf *out);


#endif
