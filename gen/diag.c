#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct Diags {
    Diag *items;
    size_t len, cap;
};

Diags *diags_new(void)
{
    return xcalloc(1, sizeof(Diags));
}

static void diag_free_fields(Diag *d)
{
    free(d->path);
    free(d->code);
    free(d->message);
    free(d->suggestion);
}

void diags_free(Diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->len; i++)
        diag_free_fields(&diags->items[i]);
    free(diags->items);
    free(diags);
}

void diags_drop_warnings(Diags *diags)
{
    size_t kept = 0;
    for (size_t i = 0; i < diags->len; i++) {
        if (diags->items[i].severity == DIAG_WARNING)
            diag_free_fields(&diags->items[i]);
        else
            diags->items[kept++] = diags->items[i];
    }
    diags->len = kept;
}

enum { DIAG_MESSAGE_MAX = 1000 };

static void add_v(Diags *diags, DiagSeverity severity, const char *path, int line, int column, const char *code,
                  const char *suggestion, const char *fmt, va_list ap) __attribute__((format(printf, 8, 0)));

static void add_v(Diags *diags, DiagSeverity severity, const char *path, int line, int column, const char *code,
                  const char *suggestion, const char *fmt, va_list ap)
{
    if (diags->len == diags->cap) {
        diags->cap = diags->cap ? diags->cap * 2 : 16;
        diags->items = xrealloc(diags->items, diags->cap * sizeof(Diag));
    }
    char small[1];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    char *text = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    vsnprintf(text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    /* Messages quote content (a key, a value); a quoted megabyte helps no
     * editor and would be printed once per mistake. Cut at a character. */
    if (n > DIAG_MESSAGE_MAX + 3) {
        size_t cut = DIAG_MESSAGE_MAX;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(text + cut, "\xE2\x80\xA6", 4); /* "…" and the NUL */
    }

    Diag *d = &diags->items[diags->len++];
    d->path = xstrdup(path ? path : "");
    d->line = line;
    d->column = column;
    d->severity = severity;
    d->code = xstrdup(code ? code : "error");
    d->message = text;
    d->suggestion = suggestion ? xstrdup(suggestion) : NULL;
}

void diag_add(Diags *diags, DiagSeverity severity, const char *path, int line, int column,
              const char *code, const char *suggestion, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(diags, severity, path, line, column, code, suggestion, fmt, ap);
    va_end(ap);
}

void diag_at(Diags *diags, DiagSeverity severity, Mark mark, const char *code, const char *suggestion,
             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(diags, severity, mark.path, mark.line, mark.column, code, suggestion, fmt, ap);
    va_end(ap);
}

void diag_at_v(Diags *diags, DiagSeverity severity, Mark mark, const char *code, const char *suggestion,
               const char *fmt, va_list ap)
{
    add_v(diags, severity, mark.path, mark.line, mark.column, code, suggestion, fmt, ap);
}

size_t diags_len(const Diags *diags)
{
    return diags->len;
}

const Diag *diags_at(const Diags *diags, size_t i)
{
    return &diags->items[i];
}

size_t diags_count(const Diags *diags, DiagSeverity severity)
{
    size_t n = 0;
    for (size_t i = 0; i < diags->len; i++)
        n += diags->items[i].severity == severity;
    return n;
}

static int compare(const Diag *a, const Diag *b)
{
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return strcmp(a->message, b->message);
}

void diags_merge(Diags *into, const Diags *from)
{
    for (size_t i = 0; i < from->len; i++) {
        const Diag *d = &from->items[i];
        bool known = false;
        /* Only a layout is filled for more than one region. */
        bool repeats = strncmp(d->path, "layouts/", 8) == 0;
        for (size_t k = 0; repeats && k < into->len && !known; k++) {
            const Diag *e = &into->items[k];
            known = e->line == d->line && e->column == d->column && e->severity == d->severity &&
                    strcmp(e->path, d->path) == 0 && strcmp(e->message, d->message) == 0;
        }
        if (!known)
            diag_add(into, d->severity, d->path, d->line, d->column, d->code, d->suggestion, "%s", d->message);
    }
}

void diags_sort(Diags *diags)
{
    /* Insertion sort: stable, and the list is short and mostly in order. */
    for (size_t i = 1; i < diags->len; i++) {
        Diag d = diags->items[i];
        size_t j = i;
        while (j > 0 && compare(&diags->items[j - 1], &d) > 0) {
            diags->items[j] = diags->items[j - 1];
            j--;
        }
        diags->items[j] = d;
    }
}

static const char *severity_name(DiagSeverity s)
{
    return s == DIAG_ERROR ? "error" : "warning";
}

void diags_format_gcc(const Diags *diags, Buf *out)
{
    for (size_t i = 0; i < diags->len; i++) {
        const Diag *d = &diags->items[i];
        if (d->line > 0)
            buf_printf(out, "%s:%d:%d: ", d->path, d->line, d->column);
        else
            buf_printf(out, "%s: ", d->path);
        buf_printf(out, "%s: %s", severity_name(d->severity), d->message);
        if (d->suggestion)
            buf_printf(out, "; did you mean '%s'?", d->suggestion);
        buf_putc(out, '\n');
    }
}

void diags_format_json(const Diags *diags, Buf *out)
{
    buf_puts(out, "[");
    for (size_t i = 0; i < diags->len; i++) {
        const Diag *d = &diags->items[i];
        buf_puts(out, i ? ",\n  {" : "\n  {");
        buf_puts(out, "\"path\": ");
        buf_append_json_string(out, d->path);
        buf_printf(out, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"code\": ", d->line,
                   d->column, severity_name(d->severity));
        buf_append_json_string(out, d->code);
        buf_puts(out, ", \"message\": ");
        buf_append_json_string(out, d->message);
        buf_puts(out, ", \"suggestion\": ");
        if (d->suggestion)
            buf_append_json_string(out, d->suggestion);
        else
            buf_puts(out, "null");
        buf_puts(out, "}");
    }
    buf_puts(out, diags->len ? "\n]\n" : "]\n");
}
