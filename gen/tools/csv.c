#include "csv.h"

#include <ctype.h>
#include <string.h>

#include "buf.h"

/* ';' when the header line has more of them than ',' (Dutch spreadsheets
 * write ';' because ',' is their decimal sign). */
static char detect_separator(const char *p, const char *end)
{
    int semicolons = 0, commas = 0;
    bool quoted = false;
    for (; p < end && (*p != '\n' || quoted); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ';')
            semicolons++;
        else if (!quoted && *p == ',')
            commas++;
    }
    return semicolons > commas ? ';' : ',';
}

CsvReader csv_reader(Arena *arena, const char *text, size_t len)
{
    const char *end = text + len;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3;
    return (CsvReader){arena, text, end, detect_separator(text, end), 1};
}

bool csv_next(CsvReader *csv, CsvRecord *rec)
{
    rec->count = 0;
    rec->line = csv->line;
    if (csv->p >= csv->end)
        return false;
    Buf field = BUF_INIT;
    for (;;) {
        bool quoted = csv->p < csv->end && *csv->p == '"';
        buf_clear(&field);
        if (quoted) {
            csv->p++;
            while (csv->p < csv->end) {
                if (*csv->p == '"' && csv->p + 1 < csv->end && csv->p[1] == '"') {
                    buf_putc(&field, '"');
                    csv->p += 2;
                } else if (*csv->p == '"') {
                    csv->p++;
                    break;
                } else {
                    if (*csv->p == '\n')
                        csv->line++;
                    buf_putc(&field, *csv->p++);
                }
            }
        }
        while (csv->p < csv->end && *csv->p != csv->separator && *csv->p != '\n')
            if (*csv->p++ != '\r' || quoted)
                buf_putc(&field, csv->p[-1]);
        rec->fields = arena_grow(csv->arena, rec->fields, sizeof(char *), &rec->cap, rec->count + 1);
        /* Spreadsheets pad cells; ids and addresses never want the spaces. */
        const char *s = buf_cstr(&field);
        size_t len = field.len;
        while (len && isspace((unsigned char)s[len - 1]))
            len--;
        while (len && isspace((unsigned char)*s))
            s++, len--;
        rec->fields[rec->count++] = arena_strndup(csv->arena, s, len);
        if (csv->p < csv->end && *csv->p == csv->separator) {
            csv->p++;
            continue;
        }
        if (csv->p < csv->end) {
            csv->p++;
            csv->line++;
        }
        break;
    }
    buf_free(&field);
    return true;
}
