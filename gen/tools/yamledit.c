#include "yamledit.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

bool yamledit_read(Source *out, Arena *arena, Diags *diags, const char *path)
{
    /* The file is rewritten whole: through a link it would copy a file from
     * anywhere into the site, so a link is refused. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        memset(out, 0, sizeof *out);
        diag_add(diags, DIAG_ERROR, path, 0, 0, "refused-file", NULL,
                 "is a symbolic link; edit the file it points to, or replace the link by a copy");
        return false;
    }
    if (!source_read_file(out, arena, diags, path, path))
        return false;
    if (out->len && out->text[out->len - 1] != '\n') {
        out->text = arena_printf(arena, "%s\n", out->text);
        out->len++;
    }
    return source_parse_yaml(out, diags);
}

size_t yamledit_line_start(const char *text, size_t index)
{
    while (index > 0 && text[index - 1] != '\n')
        index--;
    return index;
}

/* Indentation of the line starting at `p`, or -1 for a blank line. */
static int indentation(const char *p)
{
    int n = 0;
    while (p[n] == ' ')
        n++;
    return p[n] == '\n' || p[n] == '\0' || p[n] == '\r' ? -1 : n;
}

size_t yamledit_block_end(const char *text, size_t end, int item_column)
{
    /* libyaml ends a block at the next token, past any comments; walk back
     * over what belongs to the next key rather than to this block. */
    size_t at = yamledit_line_start(text, end);
    while (at > 0) {
        size_t prev = yamledit_line_start(text, at - 1);
        int indent = indentation(text + prev);
        bool comment = indent >= 0 && text[prev + (size_t)indent] == '#';
        if (indent < 0 || (comment && indent < item_column))
            at = prev;
        else
            break;
    }
    return at;
}
