#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Returns the byte offset of the first invalid UTF-8 sequence, or len. */
static size_t utf8_invalid_offset(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned min;
        unsigned cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07, min = 0x10000;
        } else {
            return i;
        }
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF. */
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += n + 1;
    }
    return len;
}

/* Line and column (1-based, column in characters) of a byte offset. */
static void offset_position(const char *text, size_t offset, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

bool source_init(Source *out, Arena *arena, Diags *diags, const char *path, const char *data, size_t len)
{
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(arena, path);
    out->text = arena_strndup(arena, data, len);
    out->len = len;
    out->yaml_line = 1;
    size_t bad = utf8_invalid_offset((const unsigned char *)data, len);
    if (bad < len) {
        int line, column;
        offset_position(data, bad, &line, &column);
        diag_add(diags, DIAG_ERROR, path, line, column, "invalid-utf8", NULL,
                 "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", (unsigned char)data[bad]);
        return false;
    }
    if (memchr(data, '\0', len)) {
        int line, column;
        offset_position(data, (size_t)((const char *)memchr(data, '\0', len) - data), &line, &column);
        diag_add(diags, DIAG_ERROR, path, line, column, "invalid-utf8", NULL, "NUL byte in text file");
        return false;
    }
    return true;
}

bool source_read_file(Source *out, Arena *arena, Diags *diags, const char *path, const char *fs_path)
{
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then
     * refuses everything that is not a regular file. */
    int fd = open(fs_path, O_RDONLY | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL,
                 "not a regular file (a folder, FIFO, socket or device); only regular files are read");
        return false;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(errno));
        return false;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 65536) {
            cap = cap ? cap * 2 : 65536;
            data = xrealloc(data, cap);
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool failed = ferror(f);
    int err = errno;
    fclose(f);
    if (failed) {
        free(data);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "unreadable", NULL, "cannot read file: %s", strerror(err));
        return false;
    }
    bool ok = source_init(out, arena, diags, path, data, len);
    free(data);
    return ok;
}

size_t source_offset(const char *text, size_t len, yaml_mark_t mark)
{
    size_t at = 0;
    for (size_t line = 0; line < mark.line && at < len; at++)
        if (text[at] == '\n')
            line++;
    for (size_t column = 0; column < mark.column && at < len && text[at] != '\n'; column++)
        do
            at++;
        while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80);
    return at;
}

/* libyaml's messages name parser states; an editor needs to know what to
 * change. The common mistakes get a plain explanation, at the place where
 * the fix goes; libyaml's own words follow for the rest. */
static void report_yaml_error(const Source *src, Diags *diags, const yaml_parser_t *parser, const char *text,
                              size_t len, int first_line)
{
    yaml_mark_t m = parser->problem_mark;
    const char *problem = parser->problem ? parser->problem : "invalid YAML";
    const char *context = parser->context ? parser->context : "";
    const char *hint = NULL;
    size_t offset = source_offset(text, len, m);
    char at = offset < len ? text[offset] : '\0';
    if ((at == '\t' && strstr(problem, "cannot start any token")) || strstr(problem, "tab character")) {
        hint = "a tab is used for indentation; indent with spaces only";
    } else if (strstr(problem, "end of stream") && strstr(context, "quoted scalar")) {
        m = parser->context_mark;
        hint = "this quoted text is never closed; add the closing quote";
    } else if (strstr(problem, "mapping values are not allowed")) {
        hint = "unexpected ':'; check this line's indentation, or put text that contains ': ' in quotes";
    } else if (strstr(problem, "did not find expected key") || strstr(problem, "did not find expected '-'")) {
        hint = "this line is not indented like the lines above it";
    }
    int line = (int)m.line + first_line, column = (int)m.column + 1;
    if (hint)
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s", hint);
    else if (*context)
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s %s", problem,
                 context);
    else
        diag_add(diags, DIAG_ERROR, src->path, line, column, "yaml-syntax", NULL, "YAML syntax: %s", problem);
}

static bool parse_yaml_text(Source *src, Diags *diags, const char *text, size_t len, int first_line)
{
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    src->yaml_line = first_line;
    bool ok = yaml_parser_load(&parser, &src->yaml);
    if (!ok) {
        report_yaml_error(src, diags, &parser, text, len, first_line);
        yaml_parser_delete(&parser);
        return false;
    }
    yaml_parser_delete(&parser);
    src->has_yaml = true;
    if (!yaml_document_get_root_node(&src->yaml)) {
        /* An empty file: treat as an empty mapping so "missing key" errors,
         * not a type error, tell the editor what to write. */
        yaml_document_delete(&src->yaml);
        yaml_document_initialize(&src->yaml, NULL, NULL, NULL, 1, 1);
        yaml_document_add_mapping(&src->yaml, NULL, YAML_BLOCK_MAPPING_STYLE);
    }
    return true;
}

bool source_parse_yaml(Source *src, Diags *diags)
{
    return parse_yaml_text(src, diags, src->text, src->len, 1);
}

/* Length of the line starting at `p` if it is exactly `---` (with optional
 * trailing spaces and CR), else 0. Includes the newline. */
static size_t fence_length(const char *p, const char *end)
{
    if (end - p < 3 || strncmp(p, "---", 3) != 0)
        return 0;
    const char *q = p + 3;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
    if (q == end)
        return (size_t)(q - p);
    if (*q != '\n')
        return 0;
    return (size_t)(q + 1 - p);
}

bool source_parse_markdown(Source *src, Diags *diags)
{
    const char *text = src->text, *end = src->text + src->len;
    /* A byte order mark before the fence is common from Windows editors. */
    if (src->len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3;
    size_t open = fence_length(text, end);
    if (!open) {
        src->body = text;
        src->body_len = (size_t)(end - text);
        return true;
    }
    const char *yaml_start = text + open;
    for (const char *p = yaml_start; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t close = fence_length(p, end);
        if (close) {
            src->body = p + close;
            src->body_len = (size_t)(end - src->body);
            return parse_yaml_text(src, diags, yaml_start, (size_t)(p - yaml_start), 2);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    diag_add(diags, DIAG_ERROR, src->path, 1, 1, "front-matter", NULL,
             "front matter opened with '---' is never closed; add a line '---' after it");
    return false;
}

void source_release(Source *src)
{
    if (src->has_yaml)
        yaml_document_delete(&src->yaml);
    src->has_yaml = false;
}

Mark source_mark(const Source *src, const yaml_node_t *node)
{
    Mark m = {src->path, (int)node->start_mark.line + src->yaml_line, (int)node->start_mark.column + 1};
    return m;
}
