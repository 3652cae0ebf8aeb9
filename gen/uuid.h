/* uuid — name-based identifiers (UUID version 5, RFC 9562 §5.5).
 *
 * Open data needs identifiers that are the same on every build and unique
 * across regions: HSDS wants UUIDs for services and organizations, and an
 * Atom entry a permanent id. A version-5 UUID is the SHA-1 of a namespace
 * and a name, so `uuid_for(kind, region, id)` is a pure function of the
 * content's own ids. SHA-1 is here only as RFC 9562 prescribes it for this
 * purpose, not for any security. */
#ifndef ROUTEKAART_UUID_H
#define ROUTEKAART_UUID_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum { UUID_TEXT_SIZE = 37 }; /* 36 characters and the NUL */

/* The 20-byte SHA-1 digest of `len` bytes at `data` (FIPS 180-4). */
void uuid_sha1(const void *data, size_t len, uint8_t digest[20]);

/* The version-5 UUID of `name` in `namespace_id`, as lower-case text
 * "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx". */
void uuid_v5(const uint8_t namespace_id[16], const char *name, char out[UUID_TEXT_SIZE]);

/* routekaart's own namespace, fixed for ever (README, "Open data"): every
 * identifier the site publishes is uuid_v5(this, "<kind>/<region>/<id>"). */
extern const uint8_t uuid_routekaart_namespace[16];

/* The identifier of thing `id` of `kind` ("service", "organization",
 * "location", ...) in region `region`, in `arena`. Two regions never share
 * one, because the region is part of the name. */
const char *uuid_for(Arena *arena, const char *kind, const char *region, const char *id);

#endif
