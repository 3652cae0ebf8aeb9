#include "siteindex.h"

#include "data.h"

static Value *region_entry(Arena *a, const Site *site, const Region *r)
{
    Value *o = value_object(a), *counts = value_object(a), *urls = value_object(a);
    value_set_string(a, o, "id", r->id);
    value_set_string(a, o, "name", r->name);
    value_set(a, o, "municipalities", data_text_list(a, &r->municipalities));
    value_set_string(a, o, "updated", r->updated);
    value_set_int(a, counts, "provisions", (long)r->provision_count);
    value_set_int(a, counts, "routes", (long)r->route_count);
    /* Empty cells of the map, and required provisions the region lacks,
     * as data.json's gaps.empty and gaps.missing. */
    value_set_int(a, counts, "gaps", (long)r->gap_count);
    value_set_int(a, counts, "missing", (long)r->missing_count);
    value_set(a, o, "counts", counts);
    value_set_string(a, urls, "map", data_address(a, site, arena_cat(a, r->id, "/", NULL)));
    value_set_string(a, urls, "data", data_address(a, site, arena_cat(a, r->id, "/data.json", NULL)));
    value_set_string(a, urls, "hsds", data_address(a, site, arena_cat(a, r->id, "/hsds/index.json", NULL)));
    value_set_string(a, urls, "feed", data_address(a, site, arena_cat(a, r->id, "/feed.xml", NULL)));
    value_set(a, o, "urls", urls);
    return o;
}

Value *siteindex_value(Arena *a, const Site *site)
{
    Value *o = value_object(a), *regions = value_array(a);
    value_set_string(a, o, "title", site->title);
    value_set_string(a, o, "url", data_address(a, site, ""));
    value_set_string(a, o, "hsds", data_address(a, site, "hsds/index.json"));
    for (size_t i = 0; i < site->region_count; i++)
        value_push(a, regions, region_entry(a, site, &site->regions[i]));
    value_set(a, o, "regions", regions);
    return o;
}

bool siteindex_write(Arena *arena, const Site *site, Writer *writer, long *files)
{
    Buf text = BUF_INIT;
    value_write_json(siteindex_value(arena, site), &text);
    bool ok = write_file(writer, "index.json", text.data, text.len);
    buf_free(&text);
    if (ok)
        (*files)++;
    return ok;
}
