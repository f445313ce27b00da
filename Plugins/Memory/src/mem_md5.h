/*
 * MD5 (RFC 1321), for ETags: an object's ETag is the quoted hex MD5 of its
 * bytes, as S3 and the local provider give it.
 */
#ifndef MEM_MD5_H
#define MEM_MD5_H

#include "mem_base.h"

typedef struct mem_md5 {
    uint32_t state[4];
    uint64_t length;
    uint8_t block[64];
    size_t used;
} mem_md5;

void mem_md5_init(mem_md5 *md5);
void mem_md5_update(mem_md5 *md5, const uint8_t *bytes, size_t length);
/** Writes `"` + 32 lower-case hex digits + `"` and a NUL (35 bytes) into `etag`. */
void mem_md5_etag(mem_md5 *md5, char etag[35]);

#endif /* MEM_MD5_H */
