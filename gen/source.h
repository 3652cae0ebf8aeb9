/* source — one input file: its bytes, checked as UTF-8, and its YAML.
 *
 * Its YAML is a libyaml document (yaml_document_t), loaded from libyaml's
 * events, with a start mark (line, column) on every node,
 * which is what lets validation point at the exact key or value. */
#ifndef ROUTEKAART_SOURCE_H
#define ROUTEKAART_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "sitefs.h"

/* What the YAML of all sources of one build holds together, aliases
 * expanded: bounded too (limit.h), so that many files each within their
 * own limits cannot exhaust memory between them. */
typedef struct {
    uint64_t values, bytes;
} SourceBudget;

typedef struct {
    const char *path; /* display path, relative to the build folder */
    const char *text; /* the whole file, NUL-terminated, in the arena */
    size_t len;
    yaml_document_t yaml; /* valid when has_yaml */
    Arena *yaml_arena;    /* the document's tags, values and items */
    bool has_yaml;
    int yaml_line; /* line of the file where the YAML text begins (1 for .yaml) */
    const char *body; /* Markdown after the front matter (or the whole .md) */
    size_t body_len;
    SourceBudget *budget; /* shared by the sources of one build, or NULL */
} Source;

/* Reads `data` (`len` bytes) as the source `path`: copies it into the
 * arena and checks it is UTF-8. Reports invalid UTF-8 at its line and
 * column and returns false. */
bool source_init(Source *out, Arena *arena, Diags *diags, const char *path, const char *data, size_t len);

/* Reads the file at `fs_path` (a real path, named by the user: a CSV to
 * import, a file to edit) as source `path`. Reports an unreadable file, or
 * one that is not a regular file (a FIFO would block), and returns false.
 * Files of the site folder are read through sitefs instead. */
bool source_read_file(Source *out, Arena *arena, Diags *diags, const char *path, const char *fs_path);

/* The same for `path` of the site folder, opened beneath it (sitefs):
 * UTF-8 text within the size limit. False (reported) otherwise. */
bool source_read_site(Source *out, Arena *arena, Diags *diags, SiteFs *fs, const char *path);

/* Parses the whole text as one YAML document (an empty file is an empty
 * mapping). Reports a syntax error and returns false. */
bool source_parse_yaml(Source *src, Diags *diags);

/* Splits a Markdown file into front matter (parsed as YAML; `---` lines
 * around it) and body. A file that does not start with `---` has no front
 * matter. Reports an unclosed front matter or a YAML error. */
bool source_parse_markdown(Source *src, Diags *diags);

/* Releases the YAML document: its node array and its arena. Safe on a
 * zeroed Source. */
void source_release(Source *src);

/* The byte offset in `text` (`len` bytes) of a libyaml mark. libyaml counts
 * `index` in characters, not bytes, so any 'é' before a mark would throw
 * it off; line and column are counted from instead. */
size_t source_offset(const char *text, size_t len, yaml_mark_t mark);

/* The mark of a node of the source's YAML. */
Mark source_mark(const Source *src, const yaml_node_t *node);

/* The value of `key` in mapping `map`, or NULL. */
yaml_node_t *source_mapping_value(yaml_document_t *doc, yaml_node_t *map, const char *key);
/* The key node of `key` in mapping `map`, or NULL. */
yaml_node_t *source_mapping_key(yaml_document_t *doc, yaml_node_t *map, const char *key);

#endif
