/* validate — the second stage: typed model from the loaded YAML.
 *
 * Checks every mapping against the keys the contract allows (unknown keys
 * get a near-miss suggestion), types, required keys, id syntax, URL
 * schemes, dates, positions, lanes, cost tags and audiences, and fills the
 * model. Problems are reported and the entry is kept as far as it is
 * usable, so resolve can still find the problems that follow. Checks that
 * need the whole model (references, duplicates, order) are resolve's. */
#ifndef ROUTEKAART_VALIDATE_H
#define ROUTEKAART_VALIDATE_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "model.h"

/* The checks of single values, shared with the spreadsheet import:
 * an http(s)/mailto/tel URL, an e-mail address, a phone number. */
bool validate_url_text(const char *s);
bool validate_email_text(const char *s);
bool validate_phone_text(const char *s);

/* Fills `site` from `tree`. Never fails; the caller counts errors. */
void validate_tree(Site *site, Arena *arena, Diags *diags, const Tree *tree);

/* validate_tree in steps, for a tree whose regions are loaded one at a
 * time (load_region): first everything but the regions, then each region
 * in order. validate_tree_region is false when the region takes the site
 * past its limit of provisions (reported); later regions are not looked
 * at. */
void validate_tree_shared(Site *site, Arena *arena, Diags *diags, const Tree *tree);
bool validate_tree_region(Site *site, Arena *arena, Diags *diags, const Tree *tree, size_t index);

#endif
