/*
 * The memory provider's shared basics: the feature macros and headers every
 * file starts with, how a failure is described (mem_error), and small
 * helpers for text. Every .c file of the provider includes this first.
 */
#ifndef MEM_BASE_H
#define MEM_BASE_H

#define _POSIX_C_SOURCE 200809L
#define CLOUDKIT_PROVIDER_IMPLEMENTATION
#define CK_NO_SYNC_HELPER
#include "cloudkit.h"
#include "cloudkit_memory.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/**
 * The minor of the ABI this provider implements: 1.3. It compiles against
 * abi/cloudkit.h of that minor or any later one (a later minor only
 * appends, and 1.4 appended no member), but its tables say 1.3 and it keeps
 * 1.3's rules: a read body needs its exact content_length, so a 1.4 host
 * spools a body of unknown length for it (rule 2d) rather than send
 * CK_CONTENT_LENGTH_UNKNOWN, which it refuses as out of range.
 */
#define MEM_ABI_MINOR 3
#if CK_ABI_VERSION_MINOR < MEM_ABI_MINOR
#error "the memory provider implements ABI 1.3: build it against abi/cloudkit.h of 1.3 or later"
#endif

#if defined(__GNUC__)
#define MEM_PRINTF(format_index, first_argument) __attribute__((format(printf, format_index, first_argument)))
#else
#define MEM_PRINTF(format_index, first_argument)
#endif

/** The end of `member` in `type`: the smallest struct_size that holds it. */
#define MEM_END(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/**
 * Why an operation failed, as it will reach the host's ck_status: a
 * ck_kind, the provider's code (a string literal), a message that never
 * holds invalid UTF-8, and optional details JSON.
 */
typedef struct mem_error {
    int32_t kind;
    int32_t http_status;
    const char *code;
    char message[512];
    char details[128];
} mem_error;

/** Fills `error` (message printf-style, made valid UTF-8); returns 0 so callers can `return mem_fail(...)`. */
int mem_fail(mem_error *error, int32_t kind, const char *code, const char *format, ...) MEM_PRINTF(4, 5);

/** mem_fail with CK_ERR_INVALID_ARGUMENT and code "InvalidArgument". */
int mem_invalid(mem_error *error, const char *format, ...) MEM_PRINTF(2, 3);

/** The failure of an allocation: CK_ERR_INTERNAL, code "OutOfMemory". */
int mem_out_of_memory(mem_error *error);

/** Sets the HTTP status S3 or DynamoDB would have given; returns 0. */
int mem_with_http(mem_error *error, int32_t http_status);

/** True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
int mem_utf8_valid(const uint8_t *bytes, size_t length);

/** Replaces every byte of `text` that is not part of well-formed UTF-8 with '?'. */
void mem_utf8_repair(char *text);

/** memcmp order, a prefix before its extensions: <0, 0 or >0. */
int mem_bytes_compare(const void *left, size_t left_length, const void *right, size_t right_length);

/** True when `text` (of `length` bytes) starts with `prefix`. */
int mem_has_prefix(const void *text, size_t length, const void *prefix, size_t prefix_length);

/** A malloc'd copy of `length` bytes of `text`, NUL-terminated; NULL when out of memory. */
char *mem_copy(const char *text, size_t length);

/** A malloc'd copy of a NUL-terminated string; NULL for NULL or when out of memory. */
char *mem_strdup(const char *text);

/** Milliseconds since the Unix epoch, now. */
int64_t mem_now_ms(void);

#endif /* MEM_BASE_H */
