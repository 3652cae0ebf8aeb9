/* fuzz_layout — a layout file through the template parser and renderer.
 *
 * The input is parsed as a layout (templates_add) under two names: the
 * page "page" and the partial "partials/fuzz", so it can rk-include
 * itself (the renderer must stop that). The shipped partials are added
 * after it, as build.c adds a user's files before the shipped ones. Then
 * "page" is rendered with a small context shaped like a real page's:
 * site, page, region, provision (with a Markdown description), stages
 * with lanes and questions, routes, empty arrays, nulls, numbers and text
 * that must stay text.
 *
 * A layout whose rk-each elements nest more than three deep is parsed but
 * not rendered. Loops multiply: a page is the product of its nested
 * loops' lengths, as in any template language, so ten nested loops over
 * three stages (3^10 copies) are slow by design, not wrong, and would
 * only make the fuzzer report timeouts. (The layout is also its own
 * partial, so three can become six; the shipped layouts nest three.) */
#include <stdbool.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "fuzz.h"
#include "template.h"
#include "theme.h"
#include "value.h"

enum { MAX_LOOP_DEPTH = 3 };

static Value *named(Arena *a, const char *id, const char *label, const char *url)
{
    Value *v = value_object(a);
    value_set_string(a, v, "id", id);
    value_set_string(a, v, "label", label);
    value_set_string(a, v, "title", label);
    value_set_string(a, v, "name", label);
    value_set_string(a, v, "url", url);
    return v;
}

static Value *build_context(Arena *a)
{
    Value *root = value_object(a);
    Value *site = named(a, "site", "Routekaart <Kansrijke> Start", "/");
    value_set_string(a, site, "home_url", "/");
    value_set_string(a, site, "css_url", "/assets/routekaart.css");
    value_set_string(a, site, "compare_url", "/vergelijking.html");
    value_set_string(a, site, "language", "nl");
    Value *regions = value_array(a);
    value_push(a, regions, named(a, "noord", "Noord & Zuid", "/noord/"));
    value_push(a, regions, named(a, "oost", "\"Oost\" onclick='x'", "javascript:alert(1)"));
    value_set(a, site, "regions", regions);
    value_set(a, site, "guidance", value_array(a));
    value_set(a, root, "site", site);

    Value *page = named(a, "page", "Kraamzorg", "/noord/kraamzorg.html");
    value_set_string(a, page, "kind", "provision");
    value_set_string(a, page, "title_full", "Kraamzorg — Noord");
    value_set(a, root, "page", page);

    Value *region = named(a, "noord", "Noord", "/noord/");
    value_set_int(a, region, "provision_count", 2);
    value_set_string(a, region, "data_url", "/noord/data.json");
    value_set(a, root, "region", region);

    Value *provision = named(a, "kraamzorg", "Kraamzorg <script>alert(1)</script>", "/noord/kraamzorg.html");
    value_set_string(a, provision, "lane", "basiszorg");
    value_set_string(a, provision, "lane_label", "Basiszorg");
    value_set_string(a, provision, "period_text", "bevalling t/m week 2");
    value_set_string(a, provision, "description",
                     "# Kop\n\nHulp **thuis**, [link](https://x.nl) en [fout](javascript:x).\n\n"
                     "<b>rauw</b>\n\n- een\n- twee\n\n```\ncode\n```\n");
    value_set(a, provision, "summary", value_null(a));
    Value *tags = value_array(a);
    value_push(a, tags, named(a, "standaard", "Standaard", NULL));
    value_push(a, tags, named(a, "eigen-bijdrage", "Eigen bijdrage", NULL));
    value_set(a, provision, "cost_tags", tags);
    Value *provider = named(a, "jgz", "JGZ", "https://jgz.example.org/");
    value_set_string(a, provider, "phone_href", "tel:+31301112222");
    value_set_string(a, provider, "email_href", "mailto:info@jgz.example.org");
    value_set(a, provision, "provider", provider);
    value_set_bool(a, provision, "required", true);
    value_set(a, root, "provision", provision);

    Value *provisions = value_array(a);
    value_push(a, provisions, provision);
    value_push(a, provisions, named(a, "voorzorg", "VoorZorg", "/noord/voorzorg.html"));
    value_set(a, root, "provisions", provisions);

    Value *stages = value_array(a), *lanes = value_array(a);
    value_push(a, lanes, named(a, "basiszorg", "Basiszorg", NULL));
    value_push(a, lanes, named(a, "steuntje", "Steuntje in de rug", NULL));
    for (int i = 0; i < 3; i++) {
        static const char *const ids[] = {"zwangerschap", "bevalling", "babyfase"};
        Value *s = named(a, ids[i], ids[i], NULL);
        value_set(a, s, "lanes", lanes);
        value_set(a, s, "provisions", i ? provisions : value_array(a));
        value_set_int(a, s, "provision_count", i);
        Value *questions = value_array(a);
        value_push(a, questions, value_string(a, "Bereiken we onze doelen?"));
        value_set(a, s, "questions", questions);
        value_push(a, stages, s);
    }
    value_set(a, root, "stages", stages);
    value_set(a, root, "lanes", lanes);

    Value *routes = value_array(a), *route = named(a, "route", "Jonge moeder", NULL);
    Value *steps = value_array(a), *step = value_object(a);
    value_set_int(a, step, "number", 1);
    value_set_int(a, step, "emotion", -2);
    value_set(a, step, "item", provision);
    value_push(a, steps, step);
    value_set(a, route, "steps", steps);
    value_push(a, routes, route);
    value_set(a, root, "routes", routes);
    value_set(a, root, "gaps", value_object(a));
    value_set(a, root, "nothing", value_null(a));
    return root;
}

/* The deepest nesting of rk-each elements in the layout, as the HTML
 * parser builds it (an unclosed tag nests what follows). Walks the tree
 * without recursion: its depth is the input's to choose. */
static int loop_depth(const uint8_t *data, size_t size)
{
    htmlDocPtr doc = htmlReadMemory((const char *)data, (int)size, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    int deepest = 0, depth = 0;
    xmlNodePtr node = doc ? xmlDocGetRootElement(doc) : NULL;
    while (node) {
        bool loop = node->type == XML_ELEMENT_NODE && xmlHasProp(node, (const xmlChar *)"rk-each");
        depth += loop;
        deepest = depth > deepest ? depth : deepest;
        if (node->children) {
            node = node->children;
            continue;
        }
        depth -= loop;
        /* Up until there is a next sibling, leaving the loops passed. */
        while (node && !node->next) {
            node = node->parent;
            if (!node || node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE) {
                node = NULL;
                break;
            }
            depth -= node->type == XML_ELEMENT_NODE && xmlHasProp(node, (const xmlChar *)"rk-each");
        }
        if (node)
            node = node->next;
    }
    xmlFreeDoc(doc);
    return deepest;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena *arena = arena_new();
    Diags *diags = diags_new();
    Templates *templates = templates_new();
    const char *html = (const char *)data;
    bool ok = templates_add(templates, diags, "page", "layouts/page.html", html, size);
    templates_add(templates, diags, "partials/fuzz", "layouts/partials/fuzz.html", html, size);
    for (size_t i = 0; i < embedded_file_count; i++) {
        const EmbeddedFile *f = &embedded_files[i];
        const char *name = theme_partial_name(arena, f->path);
        if (name)
            templates_add(templates, diags, name, f->path, (const char *)f->data, f->size);
    }
    if (ok)
        templates_check(templates, arena, diags);
    if (ok && loop_depth(data, size) <= MAX_LOOP_DEPTH) {
        Buf out = BUF_INIT;
        template_render(templates, "page", build_context(arena), arena, diags, &out);
        buf_free(&out);
    }
    templates_free(templates);
    diags_free(diags);
    arena_free(arena);
    return 0;
}
