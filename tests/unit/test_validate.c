/* Unit tests for gen/validate.c: small content trees built in memory and
 * validated (not resolved), then the model as written and every
 * diagnostic checked: path, line, column, code, message, suggestion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "source.h"
#include "validate.h"

typedef struct {
    Arena *arena;
    Diags *diags;
    Tree tree;
    Site site;
    Source guidance[4];
    RegionSources regions[4];
    Source region_guidance[2];
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->arena = arena_new();
    f->diags = diags_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    load_release(&f->tree);
    diags_free(f->diags);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void add_yaml(Fixture *f, Source *out, const char *path, const char *yaml)
{
    assert_true(source_init(out, f->arena, f->diags, path, yaml, strlen(yaml)));
    assert_true(source_parse_yaml(out, f->diags));
}

static void add_markdown(Fixture *f, Source *out, const char *path, const char *text)
{
    assert_true(source_init(out, f->arena, f->diags, path, text, strlen(text)));
    assert_true(source_parse_markdown(out, f->diags));
}

/* site.yaml and the shipped strings file; a catalog when given. */
static void start_tree(Fixture *f, const char *site, const char *catalog)
{
    Tree *t = &f->tree;
    add_yaml(f, &t->site, "content/site.yaml", site);
    if (catalog) {
        add_yaml(f, &t->catalog, "content/catalog.yaml", catalog);
        t->has_catalog = true;
    }
    assert_true(source_read_file(&t->strings, f->arena, f->diags, "layouts/strings.yaml",
                                 TESTS_DIR "/../layouts/strings.yaml"));
    assert_true(source_parse_yaml(&t->strings, f->diags));
    t->regions = f->regions;
    t->guidance = f->guidance;
}

static void add_region(Fixture *f, const char *id, const char *yaml)
{
    RegionSources *r = &f->regions[f->tree.region_count++];
    r->id = id;
    add_yaml(f, &r->region, arena_printf(f->arena, "content/regions/%s/region.yaml", id), yaml);
}

static void validate(Fixture *f)
{
    validate_tree(&f->site, f->arena, f->diags, &f->tree);
    diags_sort(f->diags);
}

/* Fails with every diagnostic listed, so a surprise is easy to read. */
static void expect_count(const Fixture *f, size_t count)
{
    if (diags_len(f->diags) == count)
        return;
    Buf out = BUF_INIT;
    diags_format_gcc(f->diags, &out);
    print_error("%s", buf_cstr(&out));
    buf_free(&out);
    fail_msg("expected %zu diagnostics, got %zu", count, diags_len(f->diags));
}

static void expect_diag(const Fixture *f, size_t i, const char *path, int line, int column, const char *code,
                        const char *suggestion, const char *message)
{
    if (i >= diags_len(f->diags))
        fail_msg("expected diagnostic %zu '%s', have only %zu", i, message, diags_len(f->diags));
    const Diag *d = diags_at(f->diags, i);
    assert_string_equal(d->message, message);
    assert_string_equal(d->path, path);
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    assert_int_equal(d->severity, DIAG_ERROR);
    assert_string_equal(d->code, code);
    if (suggestion) {
        if (!d->suggestion)
            fail_msg("'%s': expected suggestion '%s', got none", message, suggestion);
        assert_string_equal(d->suggestion, suggestion);
    } else if (d->suggestion) {
        fail_msg("'%s': expected no suggestion, got '%s'", message, d->suggestion);
    }
}

static void expect_mark(Mark m, const char *path, int line, int column)
{
    assert_string_equal(m.path, path);
    assert_int_equal(m.line, line);
    assert_int_equal(m.column, column);
}

/* ---- single values ---------------------------------------------------- */

static void test_url_text(void **state)
{
    (void)state;
    static const char *const good[] = {"https://example.nl/", "http://example.nl/a?b=c#d", "mailto:a@example.nl",
                                       "tel:+31301234567", "https://x"};
    static const char *const bad[] = {"", "https://", "http://", "mailto:", "tel:", "www.example.nl",
                                      "ftp://example.nl/", "javascript:alert(1)", "HTTPS://example.nl/",
                                      "https://example.nl/a b", "https://example.nl/\"x\"", "https://example.nl/<x>",
                                      "https://example.nl/\tx", "https://example.nl/\nx", " https://example.nl/"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!validate_url_text(good[i]))
            fail_msg("'%s' should be a URL", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (validate_url_text(bad[i]))
            fail_msg("'%s' should not be a URL", bad[i]);
}

static void test_email_text(void **state)
{
    (void)state;
    static const char *const good[] = {"naam@example.nl", "a.b+c@sub.example.nl", "x@y.z"};
    static const char *const bad[] = {"", "@example.nl", "naam", "naam@example", "naam@", "na am@example.nl",
                                      "naam@exa\tmple.nl", "<naam@example.nl>", "\"naam\"@example.nl",
                                      "naam.achternaam@example"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!validate_email_text(good[i]))
            fail_msg("'%s' should be an e-mail address", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (validate_email_text(bad[i]))
            fail_msg("'%s' should not be an e-mail address", bad[i]);
}

static void test_phone_text(void **state)
{
    (void)state;
    static const char *const good[] = {"030 123 45 67", "+31 (0)30-1234567", "112", "0800-1234"};
    static const char *const bad[] = {"", "bel ons", "030 123 45 67 of 06", "030.1234567", "030/1234567", "0x12"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!validate_phone_text(good[i]))
            fail_msg("'%s' should be a phone number", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (validate_phone_text(bad[i]))
            fail_msg("'%s' should not be a phone number", bad[i]);
}

/* ---- a good tree ------------------------------------------------------ */

static const char good_site[] =
    "title: Routekaart\n"
    "base_url: /kaart\n"
    "language: nl-BE\n"
    "required: [kraamzorg, ggd-bezoek]\n"
    "questions:\n"
    "  zwangerschap: [Wie helpt?, Wat kost het?]\n"
    "costs:\n"
    "  standaard: Gratis, betaald door de gemeente.\n"
    "labels:\n"
    "  lanes:\n"
    "    steuntje: Een steuntje\n"
    "  stages:\n"
    "    derde-jaar: Derde jaar\n";

static const char good_catalog[] =
    "providers:\n"                                  /* 1 */
    "  - id: ggd\n"                                 /* 2 */
    "    name: GGD regio\n"                         /* 3 */
    "    url: https://example.nl/ggd\n"             /* 4 */
    "    phone: \"030 123 45 67\"\n"                /* 5 */
    "    email: info@ggd.example.nl\n"              /* 6 */
    "    address: Straat 1, Utrecht\n"              /* 7 */
    "provisions:\n"                                 /* 8 */
    "  - id: kraamzorg\n"                           /* 9 */
    "    title: Kraamzorg\n"                        /* 10 */
    "    lane: basiszorg\n"                         /* 11 */
    "    from: bevalling\n"                         /* 12 */
    "    to: babyfase:w2\n"                         /* 13 */
    "    costs: [eigen-bijdrage, standaard]\n"      /* 14 */
    "    provider: ggd\n"                           /* 15 */
    "    summary: Hulp in de kraamweek.\n"          /* 16 */
    "    description: Een **kraamverzorgende**.\n"  /* 17 */
    "    audience: Alle ouders\n"                   /* 18 */
    "    referral: Zelf aanmelden\n"                /* 19 */
    "    more: mailto:kraam@example.nl\n"           /* 20 */
    "    keywords: [kraamweek, thuis]\n"            /* 21 */
    "    checked: 2024-02-29\n"                     /* 22 */
    "    cost_note: Afhankelijk van de polis.\n";   /* 23 */

static const char good_region[] =
    "name: Utrecht\n"                               /* 1 */
    "coalition: Coalitie Utrecht\n"                 /* 2 */
    "municipalities: [Utrecht, Nieuwegein]\n"       /* 3 */
    "updated: 2000-02-29\n"                         /* 4 */
    "contact: {name: Co, email: co@example.nl, phone: \"030 1\"}\n" /* 5 */
    "providers:\n"                                  /* 6 */
    "  - id: jgz\n"                                 /* 7 */
    "    name: JGZ\n"                               /* 8 */
    "provisions:\n"                                 /* 9 */
    "  - use: kraamzorg\n"                          /* 10 */
    "    lane: steuntje\n"                          /* 11 */
    "    provider: jgz\n"                           /* 12 */
    "    costs: ~\n"                                /* 13 */
    "  - use: kraamzorg\n"                          /* 14 */
    "    id: kraam-twee\n"                          /* 15 */
    "routes:\n"                                     /* 16 */
    "  - id: basis\n"                               /* 17 */
    "    title: Basisroute\n"                       /* 18 */
    "    audience: extra-steun\n"                   /* 19 */
    "    description: Zo gaat het.\n"               /* 20 */
    "    steps:\n"                                  /* 21 */
    "      - kraamzorg\n"                           /* 22 */
    "      - provision: kraam-twee\n"               /* 23 */
    "        touchpoint: Thuis\n"                   /* 24 */
    "        emotion: -2\n"                         /* 25 */
    "        pain: Te laat\n"                       /* 26 */
    "        improvement: Eerder\n"                 /* 27 */
    "questions:\n"                                  /* 28 */
    "  babyfase: [Slaapt de baby?]\n";              /* 29 */

static void test_good_tree(void **state)
{
    Fixture *f = *state;
    start_tree(f, good_site, good_catalog);
    add_region(f, "utrecht", good_region);
    validate(f);
    expect_count(f, 0);
    const Site *s = &f->site;
    assert_string_equal(s->title, "Routekaart");
    /* base_url always ends in '/'. */
    assert_string_equal(s->base_url, "/kaart/");
    assert_string_equal(s->language, "nl-BE");
    assert_int_equal(s->required.count, 2);
    assert_string_equal(s->required.items[1], "ggd-bezoek");
    expect_mark(s->required.marks[1], "content/site.yaml", 4, 23);
    assert_int_equal(s->questions[STAGE_ZWANGERSCHAP].count, 2);
    assert_string_equal(s->questions[STAGE_ZWANGERSCHAP].items[1], "Wat kost het?");
    assert_int_equal(s->questions[STAGE_BEVALLING].count, 0);
    /* Labels: the strings file's, relabelled by site.yaml. */
    assert_string_equal(s->labels.lanes[LANE_STEUNTJE], "Een steuntje");
    assert_string_equal(s->labels.lanes[LANE_BASISZORG], "Basiszorg");
    assert_string_equal(s->labels.stages[STAGE_DERDE_JAAR], "Derde jaar");
    assert_string_equal(s->labels.stages[STAGE_SCHOOLKIND], "Schoolkind (> 4e jaar)");
    assert_string_equal(s->labels.cost_explanations[COST_STANDAARD], "Gratis, betaald door de gemeente.");
    assert_string_equal(s->labels.audiences[AUDIENCE_EXTRA_STEUN], "Extra steun waar nodig");
    assert_string_equal(s->labels.unit_month, "maand");
    assert_string_equal(s->labels.unit_week, "week");
    assert_string_equal(s->labels.months[0], "januari");
    assert_string_equal(s->labels.months[11], "december");

    assert_int_equal(s->catalog_provider_count, 1);
    const Provider *ggd = &s->catalog_providers[0];
    assert_string_equal(ggd->id, "ggd");
    assert_string_equal(ggd->name, "GGD regio");
    assert_string_equal(ggd->url, "https://example.nl/ggd");
    assert_string_equal(ggd->phone, "030 123 45 67");
    assert_string_equal(ggd->email, "info@ggd.example.nl");
    assert_string_equal(ggd->address, "Straat 1, Utrecht");
    assert_true(ggd->from_catalog);
    expect_mark(ggd->mark, "content/catalog.yaml", 2, 9);

    assert_int_equal(s->catalog_provision_count, 1);
    const Provision *k = &s->catalog_provisions[0];
    assert_string_equal(k->id, "kraamzorg");
    assert_null(k->use);
    assert_string_equal(k->title, "Kraamzorg");
    assert_int_equal(k->lane, LANE_BASISZORG);
    assert_string_equal(k->from, "bevalling");
    assert_string_equal(k->to, "babyfase:w2");
    assert_int_equal(k->from_range.first, 10);
    assert_int_equal(k->to_range.last, 12);
    assert_int_equal(k->costs, (1u << COST_EIGEN_BIJDRAGE) | (1u << COST_STANDAARD));
    assert_string_equal(k->provider_id, "ggd");
    assert_null(k->provider); /* resolve's job */
    assert_string_equal(k->summary, "Hulp in de kraamweek.");
    assert_string_equal(k->description, "Een **kraamverzorgende**.");
    assert_string_equal(k->audience, "Alle ouders");
    assert_string_equal(k->referral, "Zelf aanmelden");
    assert_string_equal(k->more, "mailto:kraam@example.nl");
    assert_int_equal(k->keywords.count, 2);
    assert_string_equal(k->keywords.items[1], "thuis");
    assert_string_equal(k->checked, "2024-02-29");
    assert_string_equal(k->cost_note, "Afhankelijk van de polis.");
    /* Every key but `use` given, each with its place. */
    assert_int_equal(k->given, ((1u << PF_COUNT) - 1) & ~(1u << PF_USE));
    expect_mark(k->mark, "content/catalog.yaml", 9, 9);
    expect_mark(k->marks[PF_TO], "content/catalog.yaml", 13, 9);
    expect_mark(k->marks[PF_COST_NOTE], "content/catalog.yaml", 23, 16);

    assert_int_equal(s->region_count, 1);
    const Region *r = &s->regions[0];
    assert_string_equal(r->id, "utrecht");
    assert_string_equal(r->name, "Utrecht");
    assert_string_equal(r->coalition, "Coalitie Utrecht");
    assert_int_equal(r->municipalities.count, 2);
    assert_string_equal(r->municipalities.items[1], "Nieuwegein");
    assert_string_equal(r->updated, "2000-02-29");
    expect_mark(r->updated_mark, "content/regions/utrecht/region.yaml", 4, 10);
    assert_string_equal(r->contact.name, "Co");
    assert_string_equal(r->contact.email, "co@example.nl");
    assert_string_equal(r->contact.phone, "030 1");
    assert_int_equal(r->provider_count, 1);
    assert_false(r->providers[0].from_catalog);
    assert_string_equal(r->providers[0].name, "JGZ");
    assert_null(r->providers[0].url);
    /* Entries as written: a `use` takes its id, sets only its own keys. */
    assert_int_equal(r->entry_count, 2);
    const Provision *e = &r->entries[0];
    assert_string_equal(e->id, "kraamzorg");
    assert_string_equal(e->use, "kraamzorg");
    assert_null(e->title);
    assert_null(e->from);
    assert_int_equal(e->lane, LANE_STEUNTJE);
    assert_string_equal(e->provider_id, "jgz");
    /* A null value is not given. */
    assert_int_equal(e->given, (1u << PF_USE) | (1u << PF_LANE) | (1u << PF_PROVIDER));
    expect_mark(e->mark, "content/regions/utrecht/region.yaml", 10, 10);
    assert_string_equal(r->entries[1].id, "kraam-twee");
    assert_string_equal(r->entries[1].use, "kraamzorg");
    expect_mark(r->entries[1].mark, "content/regions/utrecht/region.yaml", 15, 9);

    assert_int_equal(r->route_count, 1);
    const Route *route = &r->routes[0];
    assert_string_equal(route->id, "basis");
    assert_string_equal(route->title, "Basisroute");
    assert_int_equal(route->audience, AUDIENCE_EXTRA_STEUN);
    assert_string_equal(route->description, "Zo gaat het.");
    assert_int_equal(route->step_count, 2);
    assert_string_equal(route->steps[0].provision_id, "kraamzorg");
    assert_false(route->steps[0].has_emotion);
    expect_mark(route->steps[0].mark, "content/regions/utrecht/region.yaml", 22, 9);
    const RouteStep *step = &route->steps[1];
    assert_string_equal(step->provision_id, "kraam-twee");
    assert_string_equal(step->touchpoint, "Thuis");
    assert_true(step->has_emotion);
    assert_int_equal(step->emotion, -2);
    assert_string_equal(step->pain, "Te laat");
    assert_string_equal(step->improvement, "Eerder");
    expect_mark(step->mark, "content/regions/utrecht/region.yaml", 23, 20);
    assert_int_equal(r->questions[STAGE_BABYFASE].count, 1);
    assert_string_equal(r->questions[STAGE_BABYFASE].items[0], "Slaapt de baby?");
}

/* What a site.yaml of one line gets: the defaults. */
static void test_defaults(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n", NULL);
    add_region(f, "leeg", "provisions: []\n");
    validate(f);
    expect_count(f, 1);
    expect_diag(f, 0, "content/regions/leeg/region.yaml", 1, 1, "missing-key", NULL,
                "missing required key 'name' in region.yaml");
    const Site *s = &f->site;
    assert_string_equal(s->base_url, "/");
    assert_string_equal(s->language, "nl");
    assert_int_equal(s->catalog_provision_count, 0);
    assert_false(s->catalog_broken);
    /* A region without a name is shown under its id. */
    assert_string_equal(s->regions[0].name, "leeg");
    /* Cost explanations are never NULL. */
    for (int c = 0; c < COST_COUNT; c++)
        assert_non_null(s->labels.cost_explanations[c]);
}

static void test_base_url(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\nbase_url: https://example.nl/kaart\n", NULL);
    validate(f);
    expect_count(f, 0);
    assert_string_equal(f->site.base_url, "https://example.nl/kaart/");
}

static void test_bad_site(void **state)
{
    Fixture *f = *state;
    start_tree(f,
               "titel: Routekaart\n"                    /* 1 */
               "base_url: kaart/\n"                     /* 2 */
               "questions:\n"                           /* 3 */
               "  bevaling: [Vraag?]\n"                 /* 4 */
               "labels:\n"                              /* 5 */
               "  lanes:\n"                             /* 6 */
               "    basis: Basis\n"                     /* 7 */
               "  fases: {}\n"                          /* 8 */
               "required: kraamzorg\n"                  /* 9 */
               "title: [a]\n",                          /* 10 */
               NULL);
    validate(f);
    const char *p = "content/site.yaml";
    size_t i = 0;
    expect_diag(f, i++, p, 1, 1, "unknown-key", "title", "unknown key 'titel' in site.yaml");
    expect_diag(f, i++, p, 2, 11, "bad-url", NULL, "'base_url' must start with '/' or https:// (like /kaart/)");
    expect_diag(f, i++, p, 4, 3, "unknown-key", "bevalling",
                "unknown key 'bevaling' in questions (keys are stages)");
    expect_diag(f, i++, p, 7, 5, "unknown-key", NULL, "unknown key 'basis' in 'lanes'");
    expect_diag(f, i++, p, 8, 3, "unknown-key", NULL, "unknown key 'fases' in labels");
    expect_diag(f, i++, p, 9, 11, "wrong-type", NULL, "'required' must be a list, found text");
    expect_diag(f, i++, p, 10, 8, "wrong-type", NULL, "'title' must be text, found a list");
    expect_count(f, i);
    assert_null(f->site.title);
    assert_string_equal(f->site.base_url, "/");
}

/* ---- entries ---------------------------------------------------------- */

/* Line numbers matter here: the diagnostics point into this text. */
static const char bad_region[] =
    "name: Fouten\n"                            /* 1 */
    "coalition: [lijst]\n"                      /* 2 */
    "updated: 2026-02-29\n"                     /* 3 */
    "contact:\n"                                /* 4 */
    "  email: \"@example.nl\"\n"                /* 5 */
    "  phone: bel ons\n"                        /* 6 */
    "  fax: 123\n"                              /* 7 */
    "providers:\n"                              /* 8 */
    "  - id: Jgz\n"                             /* 9 */
    "    name: JGZ\n"                           /* 10 */
    "    url: javascript:alert(1)\n"            /* 11 */
    "  - id: ggd\n"                             /* 12 */
    "    name: \"\"\n"                          /* 13 */
    "    url: www.ggd.nl\n"                     /* 14 */
    "    name: twee\n"                          /* 15 */
    "  - tekst\n"                               /* 16 */
    "provisions:\n"                             /* 17 */
    "  - id: een\n"                             /* 18 */
    "    title: Een\n"                          /* 19 */
    "    lane: basiszorg\n"                     /* 20 */
    "    from: zwangerschap:m10\n"              /* 21 */
    "    costs: [standaard, standaard, gratis]\n" /* 22 */
    "    more: \"https://example.nl/a b\"\n"    /* 23 */
    "    checked: 2100-02-29\n"                 /* 24 */
    "  - id: typo\n"                            /* 25 */
    "    titel: Typo\n"                         /* 26 */
    "    lane: basiszorg\n"                     /* 27 */
    "    from: bevalling\n"                     /* 28 */
    "  - id: soort\n"                           /* 29 */
    "    title: Soort\n"                        /* 30 */
    "    lane: [basiszorg]\n"                   /* 31 */
    "    from: bevalling\n"                     /* 32 */
    "    keywords: los\n"                       /* 33 */
    "    costs: standaard\n"                    /* 34 */
    "  - id: zonder-lane\n"                     /* 35 */
    "    title: Zonder lane\n"                  /* 36 */
    "    from: bevalling\n"                     /* 37 */
    "  - id: lane-typo\n"                       /* 38 */
    "    title: Lane typo\n"                    /* 39 */
    "    lane: steuntj\n"                       /* 40 */
    "    from: zwangerschp\n"                   /* 41 */
    "  - use: kraamzorg\n"                      /* 42 */
    "    lane: digitaal\n"                      /* 43 */
    "  - use: Kraamzorg\n"                      /* 44 */
    "routes:\n"                                 /* 45 */
    "  - id: route\n"                           /* 46 */
    "    title: Route\n"                        /* 47 */
    "    audience: iedereen\n"                  /* 48 */
    "    steps:\n"                              /* 49 */
    "      - een\n"                             /* 50 */
    "      -\n"                                 /* 51 */
    "      - provision: typo\n"                 /* 52 */
    "        emotion: 3\n"                      /* 53 */
    "      - emotie: 1\n"                       /* 54 */
    "  - id: zonder-stappen\n"                  /* 55 */
    "    title: Z\n"                            /* 56 */
    "    audience: steuntje\n"                  /* 57 */
    "  - id: stappen-tekst\n"                   /* 58 */
    "    title: S\n"                            /* 59 */
    "    audience: basiszorg\n"                 /* 60 */
    "    steps: een\n"                          /* 61 */
    "questions: []\n";                          /* 62 */

/* Every problem of an entry, each once, at the key or value to change. */
static void test_region_diagnostics(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n", NULL);
    add_region(f, "fouten", bad_region);
    validate(f);
    const char *p = "content/regions/fouten/region.yaml";
    size_t i = 0;
    expect_diag(f, i++, p, 2, 12, "wrong-type", NULL, "'coalition' must be text, found a list");
    expect_diag(f, i++, p, 3, 10, "bad-date", NULL,
                "'updated' must be a date as YYYY-MM-DD (like 2026-10-01), found '2026-02-29'");
    expect_diag(f, i++, p, 5, 10, "bad-email", NULL, "'@example.nl' is not an e-mail address like naam@example.nl");
    expect_diag(f, i++, p, 6, 10, "bad-phone", NULL, "'bel ons' is not a phone number (digits, spaces, '+', '-')");
    expect_diag(f, i++, p, 7, 3, "unknown-key", NULL, "unknown key 'fax' in contact");
    expect_diag(f, i++, p, 9, 9, "bad-id", NULL,
                "'Jgz' is not a valid id: use lowercase letters, digits and '-' (like 'prenataal-huisbezoek')");
    expect_diag(f, i++, p, 11, 10, "bad-url", NULL,
                "URL scheme 'javascript:' is not allowed in 'url'; use https://, http://, mailto: or tel:");
    expect_diag(f, i++, p, 13, 11, "missing-key", NULL, "'name' in provider 'ggd' must not be empty");
    expect_diag(f, i++, p, 14, 10, "bad-url", NULL,
                "'url' is not a valid URL: write it in full, like https://example.nl/page");
    expect_diag(f, i++, p, 15, 5, "duplicate-key", NULL, "duplicate key 'name' in provider 'ggd'");
    expect_diag(f, i++, p, 16, 5, "wrong-type", NULL, "provider must be a mapping (key: value), found text");
    expect_diag(f, i++, p, 21, 11, "bad-position", "zwangerschap:m1",
                "unknown period in 'from: zwangerschap:m10' (zwangerschap has m1…m9; babyfase w1…w4 and m2…m12; "
                "peuterfase m13, m14, m15-24; other stages have none)");
    expect_diag(f, i++, p, 22, 24, "duplicate-value", NULL, "cost tag 'standaard' is listed twice");
    expect_diag(f, i++, p, 22, 35, "unknown-value", NULL,
                "unknown cost tag 'gratis' (one of: eigen-risico, eigen-bijdrage, aanvullend-verzekerd, "
                "vrij-verzekerd, standaard, sociaal-netwerk)");
    expect_diag(f, i++, p, 23, 11, "bad-url", NULL,
                "'more' is not a valid URL: write it in full, like https://example.nl/page");
    expect_diag(f, i++, p, 24, 14, "bad-date", NULL,
                "'checked' must be a date as YYYY-MM-DD (like 2026-10-01), found '2100-02-29'");
    /* The unknown key 'titel' explains the missing title: no second error. */
    expect_diag(f, i++, p, 26, 5, "unknown-key", "title", "unknown key 'titel' in provision 'typo'");
    expect_diag(f, i++, p, 31, 11, "wrong-type", NULL, "'lane' must be text, found a list");
    expect_diag(f, i++, p, 33, 15, "wrong-type", NULL, "'keywords' must be a list, found text");
    expect_diag(f, i++, p, 34, 12, "wrong-type", NULL, "'costs' must be a list like [standaard], found text");
    expect_diag(f, i++, p, 35, 5, "missing-key", NULL, "missing required key 'lane' in provision 'zonder-lane'");
    expect_diag(f, i++, p, 40, 11, "unknown-value", "steuntje",
                "unknown lane 'steuntj' (one of: basiszorg, steuntje, extra-steun, digitaal)");
    expect_diag(f, i++, p, 41, 11, "bad-position", "zwangerschap",
                "unknown stage in 'from: zwangerschp' (stages: preconceptie, zwangerschap, bevalling, babyfase, "
                "peuterfase, derde-jaar, schoolkind)");
    expect_diag(f, i++, p, 44, 10, "bad-id", NULL,
                "'Kraamzorg' is not a valid id: use lowercase letters, digits and '-' (like "
                "'prenataal-huisbezoek')");
    expect_diag(f, i++, p, 48, 15, "unknown-value", NULL,
                "unknown audience 'iedereen' (one of: basiszorg, steuntje, extra-steun)");
    expect_diag(f, i++, p, 51, 8, "missing-key", NULL, "empty route step; write a provision id after '- '");
    expect_diag(f, i++, p, 53, 18, "wrong-type", NULL, "'emotion' must be a whole number from -2 to 2, found '3'");
    expect_diag(f, i++, p, 54, 9, "missing-key", NULL, "missing required key 'provision' in route step");
    expect_diag(f, i++, p, 54, 9, "unknown-key", "emotion", "unknown key 'emotie' in route step");
    expect_diag(f, i++, p, 55, 5, "missing-key", NULL, "missing required key 'steps' in route 'zonder-stappen'");
    expect_diag(f, i++, p, 61, 12, "wrong-type", NULL, "'steps' must be a list of provision ids, found text");
    expect_diag(f, i++, p, 62, 12, "wrong-type", NULL,
                "questions (keys are stages) must be a mapping (key: value), found a list");
    expect_count(f, i);
}

/* What validate keeps of a broken region: what is usable. */
static void test_broken_entries_kept(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n", NULL);
    add_region(f, "fouten", bad_region);
    validate(f);
    const Region *r = &f->site.regions[0];
    /* A provider with a bad id is dropped; one with a bad URL kept without it. */
    assert_int_equal(r->provider_count, 1);
    assert_string_equal(r->providers[0].id, "ggd");
    assert_null(r->providers[0].url);
    assert_null(r->providers[0].name);
    assert_null(r->updated);
    assert_null(r->contact.email);
    assert_null(r->contact.phone);
    /* Every entry with an id; the `use` with a bad id has none. */
    assert_int_equal(r->entry_count, 6);
    const Provision *een = &r->entries[0];
    assert_string_equal(een->id, "een");
    assert_null(een->from);
    assert_false(een->given & (1u << PF_FROM));
    assert_int_equal(een->costs, 1u << COST_STANDAARD);
    assert_null(een->more);
    assert_null(een->checked);
    assert_string_equal(r->entries[1].id, "typo");
    assert_null(r->entries[1].title);
    assert_false(r->entries[4].given & (1u << PF_LANE));
    assert_string_equal(r->entries[5].id, "kraamzorg");
    assert_int_equal(r->entries[5].lane, LANE_DIGITAAL);
    /* Routes keep their steps, a bad audience falls back to basiszorg. */
    assert_int_equal(r->route_count, 3);
    assert_int_equal(r->routes[0].audience, AUDIENCE_BASISZORG);
    assert_int_equal(r->routes[0].step_count, 4);
    assert_string_equal(r->routes[0].steps[0].provision_id, "een");
    assert_null(r->routes[0].steps[1].provision_id);
    assert_false(r->routes[0].steps[2].has_emotion);
    assert_int_equal(r->routes[1].step_count, 0);
}

static void test_catalog_diagnostics(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n",
               "providers: geen\n"                       /* 1 */
               "provisions:\n"                           /* 2 */
               "  - id: kraamzorg\n"                     /* 3 */
               "    lane: basiszorg\n"                   /* 4 */
               "    from: bevalling\n"                   /* 5 */
               "    provider: Gdd\n"                     /* 6 */
               "    title: \"\"\n"                       /* 7 */
               "    description: \"" "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > x\"\n" /* 8 */
               "  - id: prenataal-huisbezoek\n"          /* 9 */
               "    title: Prenataal huisbezoek\n"       /* 10 */
               "    lane: steuntje\n"                    /* 11 */
               "    from: zwangerschp:m4\n"              /* 12 */
               "    use: iets\n"                         /* 13 */
               "extra: 1\n");                            /* 14 */
    validate(f);
    const char *c = "content/catalog.yaml";
    size_t i = 0;
    expect_diag(f, i++, c, 1, 12, "wrong-type", NULL,
                "'providers' must be a list (each entry starting with '- '), found text");
    expect_diag(f, i++, c, 6, 15, "bad-id", NULL,
                "'Gdd' is not a valid id: use lowercase letters, digits and '-' (like 'prenataal-huisbezoek')");
    expect_diag(f, i++, c, 7, 12, "missing-key", NULL, "'title' in provision 'kraamzorg' must not be empty");
    expect_diag(f, i++, c, 8, 18, "limit", NULL,
                "'description' has Markdown nested more than 32 levels deep (the limit), at line 1 of the text");
    expect_diag(f, i++, c, 12, 11, "bad-position", "zwangerschap:m4",
                "unknown stage in 'from: zwangerschp:m4' (stages: preconceptie, zwangerschap, bevalling, babyfase, "
                "peuterfase, derde-jaar, schoolkind)");
    expect_diag(f, i++, c, 13, 10, "unknown-key", NULL,
                "'use' is for regions; in catalog.yaml write the provision in full");
    expect_diag(f, i++, c, 14, 1, "unknown-key", NULL, "unknown key 'extra' in catalog.yaml");
    expect_count(f, i);
    assert_int_equal(f->site.catalog_provider_count, 0);
    assert_int_equal(f->site.catalog_provision_count, 2);
    /* `use` in the catalog is not taken. */
    assert_null(f->site.catalog_provisions[1].use);
    assert_false(f->site.catalog_provisions[1].given & (1u << PF_USE));
}

/* A stray `use:` in the catalog must not hide the keys a full entry needs. */
static void test_catalog_use_still_checks_required(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n",
               "provisions:\n"
               "  - id: los\n"
               "    use: kraamzorg\n");
    validate(f);
    const char *c = "content/catalog.yaml";
    size_t i = 0;
    expect_diag(f, i++, c, 2, 5, "missing-key", NULL, "missing required key 'from' in provision 'los'");
    expect_diag(f, i++, c, 2, 5, "missing-key", NULL, "missing required key 'lane' in provision 'los'");
    expect_diag(f, i++, c, 2, 5, "missing-key", NULL, "missing required key 'title' in provision 'los'");
    expect_diag(f, i++, c, 3, 10, "unknown-key", NULL,
                "'use' is for regions; in catalog.yaml write the provision in full");
    expect_count(f, i);
}

/* A catalog that could not be read is passed on, so resolve does not
 * report every reference into it. */
static void test_catalog_broken_passed_on(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n", NULL);
    f->tree.catalog_broken = true;
    validate(f);
    expect_count(f, 0);
    assert_true(f->site.catalog_broken);
}

/* ---- guidance, intro, strings ----------------------------------------- */

static void test_guidance(void **state)
{
    Fixture *f = *state;
    start_tree(f, "title: T\n", NULL);
    Tree *t = &f->tree;
    add_markdown(f, &f->guidance[t->guidance_count++], "content/guidance/goed.md",
                 "---\ntitle: Goed\nweight: -5\nstage: babyfase\n---\nTekst.\n");
    add_markdown(f, &f->guidance[t->guidance_count++], "content/guidance/Slecht.md", "---\ntitle: S\n---\n");
    add_markdown(f, &f->guidance[t->guidance_count++], "content/guidance/zonder.md", "Geen front matter.\n");
    add_markdown(f, &f->guidance[t->guidance_count++], "content/guidance/fase.md",
                 "---\n"                 /* 1 */
                 "title: Fase\n"         /* 2 */
                 "weight: zwaar\n"       /* 3 */
                 "stage: bevaling\n"     /* 4 */
                 "auteur: Ik\n"          /* 5 */
                 "---\n");
    RegionSources *r = &f->regions[t->region_count++];
    r->id = "utrecht";
    add_yaml(f, &r->region, "content/regions/utrecht/region.yaml", "name: Utrecht\n");
    r->has_intro = true;
    add_markdown(f, &r->intro, "content/regions/utrecht/index.md", "---\ntitel: Welkom\n---\nHallo.\n");
    r->guidance = f->region_guidance;
    add_markdown(f, &r->guidance[r->guidance_count++], "content/regions/utrecht/guidance/eigen.md",
                 "---\ntitle: Eigen\n---\nEigen tekst.\n");
    validate(f);
    size_t i = 0;
    expect_diag(f, i++, "content/guidance/Slecht.md", 0, 0, "bad-id", NULL,
                "file name 'Slecht.md' is not a valid id (lowercase letters, digits and '-')");
    expect_diag(f, i++, "content/guidance/fase.md", 3, 9, "wrong-type", NULL,
                "'weight' must be a whole number from -100000 to 100000, found 'zwaar'");
    expect_diag(f, i++, "content/guidance/fase.md", 4, 8, "unknown-value", "bevalling",
                "unknown stage 'bevaling' (one of: preconceptie, zwangerschap, bevalling, babyfase, peuterfase, "
                "derde-jaar, schoolkind)");
    expect_diag(f, i++, "content/guidance/fase.md", 5, 1, "unknown-key", NULL, "unknown key 'auteur' in front matter");
    expect_diag(f, i++, "content/guidance/zonder.md", 1, 1, "missing-key", NULL,
                "guidance page needs front matter with a title: start the file with ---, title: ..., ---");
    expect_diag(f, i++, "content/regions/utrecht/index.md", 2, 1, "unknown-key", "title",
                "unknown key 'titel' in front matter");
    expect_count(f, i);
    const Site *s = &f->site;
    /* The page with a bad stage keeps its title; the others are left out. */
    assert_int_equal(s->guidance_count, 2);
    const Guidance *g = &s->guidance[0];
    assert_string_equal(g->slug, "goed");
    assert_string_equal(g->title, "Goed");
    assert_int_equal(g->weight, -5);
    assert_int_equal(g->stage, STAGE_BABYFASE);
    assert_null(g->region_id);
    assert_string_equal(g->body, "Tekst.\n");
    expect_mark(g->mark, "content/guidance/goed.md", 1, 1);
    assert_string_equal(s->guidance[1].slug, "fase");
    assert_int_equal(s->guidance[1].stage, -1);
    assert_int_equal(s->guidance[1].weight, 0);
    const Region *u = &s->regions[0];
    assert_string_equal(u->intro, "Hallo.\n");
    assert_int_equal(u->guidance_count, 1);
    assert_string_equal(u->guidance[0].slug, "eigen");
    assert_string_equal(u->guidance[0].region_id, "utrecht");
    assert_string_equal(u->guidance[0].body, "Eigen tekst.\n");
}

/* A strings file of the site's own that lacks labels: one error naming the
 * first missing one, at the strings file. */
static void test_strings_file(void **state)
{
    Fixture *f = *state;
    Tree *t = &f->tree;
    add_yaml(f, &t->site, "content/site.yaml", "title: T\n");
    add_yaml(f, &t->strings, "layouts/strings.yaml",
             "stages:\n"                     /* 1 */
             "  preconceptie: Voor\n"        /* 2 */
             "lanes: {basiszorg: B}\n"       /* 3 */
             "months: [jan, feb]\n"          /* 4 */
             "units: {maand: m}\n"           /* 5 */
             "kleuren: {}\n");               /* 6 */
    validate(f);
    size_t i = 0;
    expect_diag(f, i++, "layouts/strings.yaml", 0, 0, "missing-label", NULL,
                "no label for 'zwangerschap' in the strings file");
    expect_diag(f, i++, "layouts/strings.yaml", 4, 9, "wrong-type", NULL, "'months' must list the 12 month names");
    expect_diag(f, i++, "layouts/strings.yaml", 5, 9, "unknown-key", NULL, "unknown key 'maand' in units");
    expect_diag(f, i++, "layouts/strings.yaml", 6, 1, "unknown-key", NULL, "unknown key 'kleuren' in strings file");
    expect_count(f, i);
    assert_string_equal(f->site.labels.stages[STAGE_PRECONCEPTIE], "Voor");
    assert_string_equal(f->site.labels.lanes[LANE_BASISZORG], "B");
    assert_null(f->site.labels.months[0]);
}

/* Labels complete but for the units: named as such. */
static void test_strings_without_units(void **state)
{
    Fixture *f = *state;
    Tree *t = &f->tree;
    add_yaml(f, &t->site, "content/site.yaml",
             "title: T\n"
             "labels:\n"
             "  stages: {preconceptie: a, zwangerschap: b, bevalling: c, babyfase: d, peuterfase: e,"
             " derde-jaar: f, schoolkind: g}\n"
             "  lanes: {basiszorg: a, steuntje: b, extra-steun: c, digitaal: d}\n"
             "  costs: {eigen-risico: a, eigen-bijdrage: b, aanvullend-verzekerd: c, vrij-verzekerd: d,"
             " standaard: e, sociaal-netwerk: f}\n"
             "  audiences: {basiszorg: a, steuntje: b, extra-steun: c}\n");
    add_yaml(f, &t->strings, "layouts/strings.yaml", "{}\n");
    validate(f);
    expect_count(f, 1);
    expect_diag(f, 0, "layouts/strings.yaml", 0, 0, "missing-label", NULL,
                "no label for 'units/months' in the strings file");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_text),
        cmocka_unit_test(test_email_text),
        cmocka_unit_test(test_phone_text),
        T(test_good_tree),
        T(test_defaults),
        T(test_base_url),
        T(test_bad_site),
        T(test_region_diagnostics),
        T(test_broken_entries_kept),
        T(test_catalog_diagnostics),
        T(test_catalog_use_still_checks_required),
        T(test_catalog_broken_passed_on),
        T(test_guidance),
        T(test_strings_file),
        T(test_strings_without_units),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
