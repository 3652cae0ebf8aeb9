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

void diags_free(Diags *diags)
{
    if (!diags)
        return;
    for (size_t i = 0; i < diags->len; i++) {
        free(diags->items[i].path);
        free(diags->items[i].code);
        free(diags->items[i].message);
        free(diags->items[i].suggestion);
    }
    free(diags->items);
    free(diags);
}

enum { DIAG_MESSAGE_MAX = 1000 };

void diag_add(Diags *diags, DiagSeverity severity, const char *path, int line, int column,
              const char *code, const char *suggestion, const char *fmt, ...)
{
    if (diags->len == diags->cap) {
        diags->cap = diags->cap ? diags->cap * 2 : 16;
        diags->items = xrealloc(diags->items, diags->cap * sizeof(Diag));
    }
    va_list ap;
    va_start(ap, fmt);
    char small[1];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    char *text = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    vsnprintf(text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
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

void json_escape(Buf *out, const char *s)
{
    buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_puts(out, "\\\""); break;
        case '\\': buf_puts(out, "\\\\"); break;
        case '\n': buf_puts(out, "\\n"); break;
        case '\r': buf_puts(out, "\\r"); break;
        case '\t': buf_puts(out, "\\t"); break;
        default:
            /* Escaping '<' keeps the JSON safe to embed in HTML. */
            if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
                buf_printf(out, "\\u%04x", *p);
            else
                buf_putc(out, (char)*p);
        }
    }
    buf_putc(out, '"');
}

void diags_format_json(const Diags *diags, Buf *out)
{
    buf_puts(out, "[");
    for (size_t i = 0; i < diags->len; i++) {
        const Diag *d = &diags->items[i];
        buf_puts(out, i ? ",\n  {" : "\n  {");
        buf_puts(out, "\"path\": ");
        json_escape(out, d->path);
        buf_printf(out, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"code\": ", d->line,
                   d->column, severity_name(d->severity));
        json_escape(out, d->code);
        buf_puts(out, ", \"message\": ");
        json_escape(out, d->message);
        buf_puts(out, ", \"suggestion\": ");
        if (d->suggestion)
            json_escape(out, d->suggestion);
        else
            buf_puts(out, "null");
        buf_puts(out, "}");
    }
    buf_puts(out, diags->len ? "\n]\n" : "]\n");
}

/* Edit distance on bytes where swapping two neighbours counts as one edit
 * (optimal string alignment), since "titel" for "title" is one slip of the
 * fingers. Three rows of the matrix; words are ids and keys, so short. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *rows = xmalloc(3 * (lb + 1) * sizeof(size_t));
    size_t *before = rows, *prev = rows + lb + 1, *cur = rows + 2 * (lb + 1);
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev[j - 1] + cost;
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[lb];
    free(rows);
    return d;
}

const char *diag_suggest(const char *word, const char *const *candidates, size_t count)
{
    size_t length = strlen(word), limit = length / 3;
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < count; i++) {
        if (!candidates[i])
            continue;
        /* The lengths alone bound the distance from below: a 200 KB key
         * from content is never compared letter by letter. */
        size_t other = strlen(candidates[i]);
        if ((length > other ? length - other : other - length) > limit)
            continue;
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_distance) {
            best = candidates[i];
            best_distance = d;
        }
    }
    return best;
}
