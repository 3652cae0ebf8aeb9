#include "uuid.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"

/* 0b1f6a3e-6c1d-4d52-9a2e-72f0c1a5e8b4, drawn at random once (version 4)
 * and never to be changed: every published identifier depends on it. */
const uint8_t uuid_routekaart_namespace[16] = {0x0b, 0x1f, 0x6a, 0x3e, 0x6c, 0x1d, 0x4d, 0x52,
                                               0x9a, 0x2e, 0x72, 0xf0, 0xc1, 0xa5, 0xe8, 0xb4};

typedef struct {
    uint32_t h[5];
    uint8_t block[64];
    size_t used;     /* bytes in `block` */
    uint64_t length; /* bytes hashed in all */
} Sha1;

static uint32_t rotate_left(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void sha1_compress(Sha1 *s)
{
    uint32_t w[80];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)s->block[4 * t] << 24 | (uint32_t)s->block[4 * t + 1] << 16 |
               (uint32_t)s->block[4 * t + 2] << 8 | s->block[4 * t + 3];
    for (int t = 16; t < 80; t++)
        w[t] = rotate_left(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20)
            f = (b & c) | (~b & d), k = 0x5a827999;
        else if (t < 40)
            f = b ^ c ^ d, k = 0x6ed9eba1;
        else if (t < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
        else
            f = b ^ c ^ d, k = 0xca62c1d6;
        uint32_t next = rotate_left(a, 5) + f + e + k + w[t];
        e = d, d = c, c = rotate_left(b, 30), b = a, a = next;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d, s->h[4] += e;
}

static void sha1_update(Sha1 *s, const uint8_t *data, size_t len)
{
    s->length += len;
    while (len > 0) {
        size_t take = sizeof s->block - s->used < len ? sizeof s->block - s->used : len;
        memcpy(s->block + s->used, data, take);
        s->used += take, data += take, len -= take;
        if (s->used == sizeof s->block) {
            sha1_compress(s);
            s->used = 0;
        }
    }
}

void uuid_sha1(const void *data, size_t len, uint8_t digest[20])
{
    Sha1 s = {.h = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}};
    sha1_update(&s, data, len);
    uint64_t bits = s.length * 8;
    /* The padding: a 1 bit, zeros up to 56 bytes of a block, the length. */
    uint8_t pad[72] = {0x80};
    size_t zeros = (s.used < 56 ? 56 : 120) - s.used;
    for (int i = 0; i < 8; i++)
        pad[zeros + (size_t)i] = (uint8_t)(bits >> (56 - 8 * i));
    sha1_update(&s, pad, zeros + 8);
    for (int i = 0; i < 20; i++)
        digest[i] = (uint8_t)(s.h[i / 4] >> (24 - 8 * (i % 4)));
}

void uuid_v5(const uint8_t namespace_id[16], const char *name, char out[UUID_TEXT_SIZE])
{
    Buf input = BUF_INIT;
    buf_append(&input, (const char *)namespace_id, 16);
    buf_append(&input, name, strlen(name));
    uint8_t digest[20];
    uuid_sha1(input.data, input.len, digest);
    buf_free(&input);
    digest[6] = (uint8_t)((digest[6] & 0x0f) | 0x50); /* version 5 */
    digest[8] = (uint8_t)((digest[8] & 0x3f) | 0x80); /* the RFC's variant */
    char *p = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        p += snprintf(p, 3, "%02x", digest[i]);
    }
    *p = '\0';
}

const char *uuid_for(Arena *arena, const char *kind, const char *region, const char *id)
{
    char text[UUID_TEXT_SIZE];
    uuid_v5(uuid_routekaart_namespace, arena_printf(arena, "%s/%s/%s", kind, region, id), text);
    return arena_strdup(arena, text);
}
