#include "offline.h"

#include <inttypes.h>

#include "buf.h"
#include "source.h"
#include "theme.h"

const char offline_worker_path[] = "sw.js";

bool offline_write_worker(Arena *arena, Diags *diags, SiteFs *fs, Writer *w, long *files)
{
    Source code;
    if (!theme_read(&code, arena, diags, fs, "layouts/sw.js"))
        return false;
    /* The key is read before sw.js is written, so it covers every file but
     * sw.js itself: deterministic, as the files are. */
    Buf text = BUF_INIT;
    buf_printf(&text, "var BUILD = \"%016" PRIx64 "\";\n", write_digest(w));
    buf_append(&text, code.text, code.len);
    bool ok = write_file(w, offline_worker_path, text.data, text.len);
    buf_free(&text);
    if (ok)
        (*files)++;
    return ok;
}
