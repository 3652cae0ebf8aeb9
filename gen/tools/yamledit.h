/* yamledit — small edits of an editor's YAML file that keep every other
 * line (comments, order, quoting) exactly as it was. libyaml finds where
 * things are; the text around them is copied unchanged. */
#ifndef ROUTEKAART_YAMLEDIT_H
#define ROUTEKAART_YAMLEDIT_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

/* Reads and parses the YAML file `path` for editing, giving its last line
 * a newline when it has none (edits work line by line). False (reported)
 * when it cannot be read or parsed. Release with source_release(). */
bool yamledit_read(Source *out, Arena *arena, Diags *diags, const char *path);

/* The start of the line holding byte `index` of `text`. */
size_t yamledit_line_start(const char *text, size_t index);

/* Where a new item goes in a block list (or the end of a block value)
 * whose node ends at byte offset `end`: before the blank lines and the comments
 * indented less than `item_column` that lead to the next key. `text` must
 * end with a newline. */
size_t yamledit_block_end(const char *text, size_t end, int item_column);

#endif
