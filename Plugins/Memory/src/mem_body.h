/*
 * Object bodies moving in and out: a put's body from the host's read
 * callback, a file or memory; a get's bytes to the host's write callback or
 * a file written atomically. Both go in chunks of MEM_CHUNK bytes, calling
 * the progress callback after each and stopping with CK_ERR_CANCELLED at
 * the next chunk once the call is cancelled. They run on the calling
 * thread, one callback at a time, and never with the store locked.
 */
#ifndef MEM_BODY_H
#define MEM_BODY_H

#include "mem_storage.h"

#define MEM_CHUNK ((size_t)1 << 20)

/**
 * Reads the body of `request` (the first of `read`, `file_path`, `data`)
 * into a new blob holding one reference, and its ETag. A body over
 * `max_size` bytes is CK_ERR_INVALID_ARGUMENT (EntityTooLarge); a read
 * callback returning -1 is CK_ERR_CANCELLED, one returning more than asked
 * (or another negative) or giving more or fewer bytes than content_length
 * is CK_ERR_INVALID_ARGUMENT; a missing file is CK_ERR_NOT_FOUND.
 */
int mem_body_read(const ck_put_object_request *request, int64_t max_size, mem_call *call, mem_blob **out, char etag[35],
                  mem_error *error);

/**
 * Hands `length` bytes to the sink of `request`: its write callback (a
 * non-zero return is CK_ERR_CANCELLED), or its file, which appears whole or
 * not at all (a folder that does not exist is CK_ERR_INVALID_ARGUMENT,
 * NoSuchFile). Memory sinks are the caller's business.
 */
int mem_body_write(const ck_get_object_request *request, const uint8_t *bytes, size_t length, mem_call *call, mem_error *error);

#endif /* MEM_BODY_H */
