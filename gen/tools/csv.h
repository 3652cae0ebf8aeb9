/* csv — records of a spreadsheet's CSV export, as office programs write it.
 *
 * The separator is ';' or ',', whichever the header line uses more (Dutch
 * spreadsheets write ';', since ',' is their decimal sign); a byte order
 * mark is skipped. A field in double quotes may hold separators, line
 * breaks and quotes (written twice). Fields lose the spaces around them and
 * a line's carriage return. What the fields mean is the caller's business. */
#ifndef ROUTEKAART_CSV_H
#define ROUTEKAART_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct {
    char **fields; /* in the reader's arena */
    size_t count, cap;
    int line; /* where the record starts, 1-based */
} CsvRecord;

typedef struct {
    Arena *arena;
    const char *p, *end;
    char separator;
    int line;
} CsvReader;

/* A reader of the `len` bytes of `text`, which must outlive it. */
CsvReader csv_reader(Arena *arena, const char *text, size_t len);

/* Reads the next record into `rec` (start with a zeroed one and reuse it);
 * false at the end of the text. */
bool csv_next(CsvReader *csv, CsvRecord *rec);

#endif
