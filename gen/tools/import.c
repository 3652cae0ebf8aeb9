#include "import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <yaml.h>

#include "arena.h"
#include "csv.h"
#include "id.h"
#include "scaffold.h"
#include "sitefs.h"
#include "source.h"
#include "strmap.h"
#include "validate.h"
#include "write.h"
#include "yamledit.h"

enum { COL_ID, COL_NAME, COL_URL, COL_PHONE, COL_EMAIL, COL_ADDRESS, COL_POSTCODE, COL_PLACE, COL_COUNT };

static const char *const column_names[][5] = {
    [COL_ID] = {"id", NULL},
    [COL_NAME] = {"name", "naam", "organisatie", NULL},
    [COL_URL] = {"url", "website", "webadres", NULL},
    [COL_PHONE] = {"phone", "telefoon", "telefoonnummer", "tel", NULL},
    [COL_EMAIL] = {"email", "e-mail", "e-mailadres", "mail", NULL},
    [COL_ADDRESS] = {"address", "adres", "straat", NULL},
    [COL_POSTCODE] = {"postcode", NULL},
    [COL_PLACE] = {"plaats", "woonplaats", NULL},
};

/* An id from a name: "Verloskundigenpraktijk De Wieg" →
 * "verloskundigenpraktijk-de-wieg"; letters with accents lose them. */
static char *id_from_name(Arena *arena, const char *name)
{
    Buf id = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p;
        if (c == 0xC3 && p[1]) {
            /* Latin-1 letters in UTF-8 (U+00C0..U+00FF): capitals and small
             * letters share the low five bits. */
            static const char fold[] = "aaaaaaaceeeeiiiidnooooo-ouuuuyts";
            c = (unsigned char)fold[p[1] & 0x1F];
            p++;
        } else if (c >= 0x80) {
            continue;
        }
        c = (unsigned char)tolower(c);
        if (isalnum(c))
            buf_putc(&id, (char)c);
        else if (id.len && id.data[id.len - 1] != '-')
            buf_putc(&id, '-');
    }
    while (id.len && id.data[id.len - 1] == '-')
        id.data[--id.len] = '\0';
    char *s = arena_strdup(arena, buf_cstr(&id));
    buf_free(&id);
    return s;
}

static const char *one_line(Arena *arena, const char *s, const char *joint)
{
    Buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p == '\n')
            buf_puts(&b, joint);
        else
            buf_putc(&b, *p);
    }
    const char *out = arena_strdup(arena, buf_cstr(&b));
    buf_free(&b);
    return out;
}

static int column_of(const char *header)
{
    for (int c = 0; c < COL_COUNT; c++)
        for (int k = 0; column_names[c][k]; k++)
            if (strcasecmp(header, column_names[c][k]) == 0)
                return c;
    return -1;
}

typedef struct {
    const char *values[COL_COUNT - 2]; /* id, name, url, phone, email, address */
} Row;

static const char *const provider_keys[] = {"id", "name", "url", "phone", "email", "address"};

static int append_output(void *data, unsigned char *bytes, size_t size)
{
    buf_append(data, (const char *)bytes, size);
    return 1;
}

/* Plain, these words are YAML's null, and validate reads a null as "not
 * given": a provider named "Null" (id "null") came back from `check` as a
 * provider without a name (found by fuzz/fuzz_import.c). The emitter
 * writes them plain, so they are quoted here. */
static bool is_null_word(const char *s)
{
    return !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* The providers as YAML text, written by libyaml's emitter so quoting is
 * always right. Phone numbers are quoted: unquoted, 0348000000 is a number. */
static void emit_providers(const Row *rows, size_t count, Buf *out)
{
    yaml_document_t doc;
    yaml_document_initialize(&doc, NULL, NULL, NULL, 1, 1);
    int root = yaml_document_add_mapping(&doc, NULL, YAML_BLOCK_MAPPING_STYLE);
    int key = yaml_document_add_scalar(&doc, NULL, (yaml_char_t *)"providers", -1, YAML_PLAIN_SCALAR_STYLE);
    int list = yaml_document_add_sequence(&doc, NULL, YAML_BLOCK_SEQUENCE_STYLE);
    yaml_document_append_mapping_pair(&doc, root, key, list);
    for (size_t i = 0; i < count; i++) {
        int map = yaml_document_add_mapping(&doc, NULL, YAML_BLOCK_MAPPING_STYLE);
        yaml_document_append_sequence_item(&doc, list, map);
        for (int k = 0; k < 6; k++) {
            if (!rows[i].values[k] || !*rows[i].values[k])
                continue;
            int kn = yaml_document_add_scalar(&doc, NULL, (yaml_char_t *)provider_keys[k], -1,
                                              YAML_PLAIN_SCALAR_STYLE);
            const char *value = rows[i].values[k];
            int vn = yaml_document_add_scalar(&doc, NULL, (yaml_char_t *)value, -1,
                                              k == 3 || is_null_word(value) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
                                                                           : YAML_ANY_SCALAR_STYLE);
            yaml_document_append_mapping_pair(&doc, map, kn, vn);
        }
    }
    Buf emitted = BUF_INIT;
    yaml_emitter_t emitter;
    yaml_emitter_initialize(&emitter);
    yaml_emitter_set_output(&emitter, append_output, &emitted);
    yaml_emitter_set_unicode(&emitter, 1);
    yaml_emitter_set_width(&emitter, -1);
    yaml_emitter_open(&emitter);
    yaml_emitter_dump(&emitter, &doc); /* takes the document and deletes it */
    yaml_emitter_close(&emitter);
    yaml_emitter_delete(&emitter);
    /* libyaml writes a list under a key without indenting it; editors'
     * files (and the scaffolds) indent it by two spaces. Every value is one
     * line, so indenting each line after the key is exact. */
    const char *line = emitted.data;
    for (bool first = true; line && *line; first = false) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
        if (!first)
            buf_puts(out, "  ");
        buf_append(out, line, len);
        line += len;
    }
    buf_free(&emitted);
}

/* Which provider key each column holds (-1: not used); reports unknown
 * columns once. False (reported) without a name column. */
static bool read_header(const CsvRecord *header, Diags *diags, const char *path, int *map, size_t max)
{
    bool has_name = false;
    for (size_t i = 0; i < header->count && i < max; i++) {
        map[i] = column_of(header->fields[i]);
        has_name = has_name || map[i] == COL_NAME;
        if (map[i] < 0 && *header->fields[i])
            diag_add(diags, DIAG_WARNING, path, 1, (int)i + 1, "ignored-column", NULL,
                     "column '%s' is not used (known: id, naam, website, telefoon, e-mail, adres, postcode, plaats)",
                     header->fields[i]);
    }
    if (!has_name)
        diag_add(diags, DIAG_ERROR, path, 1, 1, "missing-column", NULL,
                 "no column 'naam' (or 'name'); the header row must name the columns");
    return has_name;
}

/* A value that fails `valid` is reported and left out of its row. */
static const char *checked_value(Diags *diags, const char *path, int line, int row, const char *value,
                                 bool (*valid)(const char *), const char *what, const char *expected)
{
    if (!value || valid(value))
        return value;
    diag_add(diags, DIAG_WARNING, path, line, 1, "field-dropped", NULL, "row %d: %s '%s' is not %s; left out", row,
             what, value, expected);
    return NULL;
}

/* The provider of one spreadsheet row; false when the row is skipped
 * (reported unless it is empty). `row` is the spreadsheet's row number,
 * the header being row 1; `rec->line` the file's line, which differs after
 * a cell with a line break. */
static bool row_from_record(Arena *arena, Diags *diags, const char *path, const CsvRecord *rec, int row,
                            const int *map, size_t columns, StrMap *ids, Row *out)
{
    const char *v[COL_COUNT] = {0};
    bool empty = true;
    for (size_t i = 0; i < rec->count && i < columns; i++)
        if (map[i] >= 0 && *rec->fields[i])
            v[map[i]] = rec->fields[i], empty = false;
    if (empty)
        return false;
    int line = rec->line;
    if (!v[COL_NAME]) {
        diag_add(diags, DIAG_WARNING, path, line, 1, "row-skipped", NULL, "row %d has no name; skipped", row);
        return false;
    }
    const char *id = v[COL_ID] ? v[COL_ID] : id_from_name(arena, v[COL_NAME]);
    if (!id_is_valid(id)) {
        diag_add(diags, DIAG_WARNING, path, line, 1, "row-skipped", NULL,
                 "row %d: id '%s' is not valid (lowercase letters, digits and '-'); skipped", row, id);
        return false;
    }
    if (!strmap_put(ids, id, (void *)id)) {
        diag_add(diags, DIAG_WARNING, path, line, 1, "row-skipped", NULL,
                 "row %d: id '%s' is already used by an earlier row; skipped", row, id);
        return false;
    }
    /* A cell with line breaks (an address over two lines) becomes one
     * line: YAML would otherwise fold it oddly. */
    for (int c = 0; c < COL_COUNT; c++)
        if (v[c] && strchr(v[c], '\n'))
            v[c] = one_line(arena, v[c], c == COL_ADDRESS ? ", " : " ");
    *out = (Row){{id, v[COL_NAME],
                  checked_value(diags, path, line, row, v[COL_URL], validate_url_text, "website",
                                "a full URL (https://...)"),
                  checked_value(diags, path, line, row, v[COL_PHONE], validate_phone_text, "phone", "a phone number"),
                  checked_value(diags, path, line, row, v[COL_EMAIL], validate_email_text, "e-mail",
                                "an e-mail address"),
                  v[COL_ADDRESS]}};
    if (v[COL_POSTCODE] || v[COL_PLACE]) {
        Buf a = BUF_INIT;
        if (v[COL_ADDRESS])
            buf_printf(&a, "%s, ", v[COL_ADDRESS]);
        buf_printf(&a, "%s%s%s", v[COL_POSTCODE] ? v[COL_POSTCODE] : "", v[COL_POSTCODE] && v[COL_PLACE] ? " " : "",
                   v[COL_PLACE] ? v[COL_PLACE] : "");
        out->values[5] = arena_strdup(arena, buf_cstr(&a));
        buf_free(&a);
    }
    return true;
}

/* The usable rows of the spreadsheet; NULL (reported) when there are none. */
static Row *read_rows(Arena *arena, Diags *diags, const Source *csv_src, size_t *count)
{
    const char *path = csv_src->path;
    CsvReader csv = csv_reader(arena, csv_src->text, csv_src->len);
    CsvRecord header = {0}, rec = {0};
    enum { MAX_COLUMNS = 64 };
    int map[MAX_COLUMNS];
    *count = 0;
    if (!csv_next(&csv, &header)) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "empty", NULL, "the file is empty; it needs a header row");
        return NULL;
    }
    if (!read_header(&header, diags, path, map, MAX_COLUMNS))
        return NULL;
    size_t columns = header.count < MAX_COLUMNS ? header.count : MAX_COLUMNS, cap = 0;
    StrMap *ids = strmap_new(arena);
    Row *rows = NULL, row;
    for (int number = 2; csv_next(&csv, &rec); number++) {
        if (!row_from_record(arena, diags, path, &rec, number, map, columns, ids, &row))
            continue;
        rows = arena_grow(arena, rows, sizeof(Row), &cap, *count + 1);
        rows[(*count)++] = row;
    }
    if (!*count)
        diag_add(diags, DIAG_ERROR, path, 0, 0, "empty", NULL, "no row could be used; nothing was written");
    return *count ? rows : NULL;
}

bool import_providers_yaml(Diags *diags, const char *path, const char *csv, size_t len, Buf *out, size_t *count)
{
    Arena *arena = arena_new();
    Source csv_src;
    *count = 0;
    bool ok = source_init(&csv_src, arena, diags, path, csv, len);
    Row *rows = ok ? read_rows(arena, diags, &csv_src, count) : NULL;
    if (rows)
        emit_providers(rows, *count, out);
    arena_free(arena);
    return rows != NULL;
}

static bool write_new_region(const ImportOptions *options, const char *region_path, const Buf *block,
                             Diags *diags, Buf *done)
{
    Buf out = BUF_INIT;
    char *name = scaffold_name_from_id(options->region);
    buf_puts(&out, "# yaml-language-server: $schema=../../../schema/region.schema.json\n");
    buf_printf(&out, "name: %s\n\n", name);
    free(name);
    buf_append(&out, block->data, block->len);
    bool ok = write_new_file(diags, region_path, out.data, out.len) &&
              scaffold_write_schemas(options->root, diags, done);
    buf_free(&out);
    return ok;
}

/* Replaces the `providers:` of an existing region.yaml with `block`,
 * keeping every other line; without one, puts it before `provisions:`. */
static bool replace_providers(Arena *arena, const char *region_path, const Buf *block, Diags *diags)
{
    Source region;
    if (!yamledit_read(&region, arena, diags, region_path))
        return false;
    const char *text = region.text;
    yaml_node_t *root = yaml_document_get_root_node(&region.yaml);
    yaml_node_t *key = source_mapping_key(&region.yaml, root, "providers");
    yaml_node_t *value = source_mapping_value(&region.yaml, root, "providers");
    yaml_node_t *before = source_mapping_key(&region.yaml, root, "provisions");
    size_t from = region.len, to = region.len;
    if (key) {
        /* The old list runs from its key to the end of its block, or of its
         * line when written on one line ([] or a scalar). */
        bool block_style = !(value->type == YAML_SCALAR_NODE ||
                             (value->type == YAML_SEQUENCE_NODE && value->data.sequence.style == YAML_FLOW_SEQUENCE_STYLE) ||
                             (value->type == YAML_MAPPING_NODE && value->data.mapping.style == YAML_FLOW_MAPPING_STYLE));
        from = yamledit_line_start(text, source_offset(text, region.len, key->start_mark));
        to = source_offset(text, region.len, value->end_mark);
        if (block_style)
            to = yamledit_block_end(text, to, (int)value->start_mark.column);
        else
            while (to < region.len && text[to++] != '\n')
                ;
    } else if (before) {
        from = to = yamledit_line_start(text, source_offset(text, region.len, before->start_mark));
    }
    Buf out = BUF_INIT;
    buf_append(&out, text, from);
    buf_append(&out, block->data, block->len);
    if (!key)
        buf_putc(&out, '\n');
    buf_append(&out, text + to, region.len - to);
    bool ok = write_replace_file(diags, region_path, out.data, out.len);
    buf_free(&out);
    source_release(&region);
    return ok;
}

bool import_providers(const ImportOptions *options, Diags *diags, Buf *done)
{
    if (!id_is_valid(options->region)) {
        diag_add(diags, DIAG_ERROR, options->region, 0, 0, "bad-id", NULL,
                 "'%s' is not a valid region id: use lowercase letters, digits and '-'", options->region);
        return false;
    }
    Arena *arena = arena_new();
    Source csv_src;
    bool ok = source_read_file(&csv_src, arena, diags, options->csv_path, options->csv_path);
    const char *region_path = arena_printf(arena, "%s/content/regions/%s/region.yaml", options->root,
                                           options->region);
    const char *site_path = arena_printf(arena, "%s/content/site.yaml", options->root);
    struct stat st;
    bool region_exists = stat(region_path, &st) == 0;
    ok = ok && sitefs_check_unlinked(diags, options->root, region_path + strlen(options->root) + 1, region_path);
    if (ok && stat(site_path, &st) != 0) {
        diag_add(diags, DIAG_ERROR, site_path, 0, 0, "missing-file", NULL,
                 "no site here; run this in the folder that holds content/, or give it with -C DIR");
        ok = false;
    }
    if (ok && region_exists && !options->force) {
        diag_add(diags, DIAG_ERROR, region_path, 0, 0, "exists", NULL,
                 "already exists; add --force to replace its providers (the rest of the file is kept)");
        ok = false;
    }
    size_t count = 0;
    Row *rows = ok ? read_rows(arena, diags, &csv_src, &count) : NULL;
    Buf block = BUF_INIT;
    ok = rows != NULL;
    if (ok) {
        emit_providers(rows, count, &block);
        ok = region_exists ? replace_providers(arena, region_path, &block, diags)
                           : write_new_region(options, region_path, &block, diags, done);
    }
    if (ok)
        buf_printf(done, "imported %zu provider%s into %s\nNext: check it with: routekaart check\n", count,
                   count == 1 ? "" : "s", region_path);
    buf_free(&block);
    arena_free(arena);
    return ok;
}
