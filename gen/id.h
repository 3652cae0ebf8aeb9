/* id — the rule every id of the content follows: regions (their folder
 * names), providers, provisions, routes and guidance pages. Lowercase
 * letters, digits and '-', starting with a letter or a digit: an id is
 * part of a URL and a file name, the same on every file system. */
#ifndef ROUTEKAART_ID_H
#define ROUTEKAART_ID_H

#include <stdbool.h>

/* True for ids of the form [a-z0-9][a-z0-9-]*. */
bool id_is_valid(const char *s);

#endif
