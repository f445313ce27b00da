/*
 * Base64: the standard alphabet with padding (binary values of key-value
 * items, {"$b64": …}) and the URL alphabet without padding (page tokens).
 */
#ifndef MEM_BASE64_H
#define MEM_BASE64_H

#include "mem_buffer.h"

/** Appends the standard, padded encoding of `bytes`. */
void mem_base64_encode(mem_buffer *out, const uint8_t *bytes, size_t length);
/** Appends the URL-safe encoding of `bytes`, without padding. */
void mem_base64url_encode(mem_buffer *out, const uint8_t *bytes, size_t length);
/**
 * Appends the bytes of standard base64 `text`: its length a multiple of 4,
 * padding only at the end, nothing but the alphabet (no whitespace). 0 when
 * it is not base64 (or out of memory: `out->failed`).
 */
int mem_base64_decode(mem_buffer *out, const char *text, size_t length);
/** Appends the bytes of unpadded URL-safe base64; 0 when it is not that. */
int mem_base64url_decode(mem_buffer *out, const char *text, size_t length);

#endif /* MEM_BASE64_H */
