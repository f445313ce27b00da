/* mem_error, UTF-8 checks and small text helpers (see mem_base.h). */
#include "mem_base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int fail_with(mem_error *error, int32_t kind, const char *code, const char *format, va_list arguments) {
    error->kind = kind;
    error->http_status = 0;
    error->code = code;
    error->details[0] = '\0';
    vsnprintf(error->message, sizeof error->message, format, arguments);
    mem_utf8_repair(error->message);
    return 0;
}

int mem_fail(mem_error *error, int32_t kind, const char *code, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fail_with(error, kind, code, format, arguments);
    va_end(arguments);
    return 0;
}

int mem_invalid(mem_error *error, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fail_with(error, CK_ERR_INVALID_ARGUMENT, "InvalidArgument", format, arguments);
    va_end(arguments);
    return 0;
}

int mem_out_of_memory(mem_error *error) {
    return mem_fail(error, CK_ERR_INTERNAL, "OutOfMemory", "the memory provider ran out of memory");
}

int mem_with_http(mem_error *error, int32_t http_status) {
    error->http_status = http_status;
    return 0;
}

/* The length of the well-formed UTF-8 sequence at `bytes`, or 0. */
static size_t sequence_length(const uint8_t *bytes, size_t available) {
    uint8_t lead = bytes[0];
    size_t length, index;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    else return 0;
    if (available < length) return 0;
    for (index = 1; index < length; index++) {
        if ((bytes[index] & 0xC0) != 0x80) return 0;
    }
    if (lead == 0xE0 && bytes[1] < 0xA0) return 0;
    if (lead == 0xED && bytes[1] > 0x9F) return 0;
    if (lead == 0xF0 && bytes[1] < 0x90) return 0;
    if (lead == 0xF4 && bytes[1] > 0x8F) return 0;
    return length;
}

int mem_utf8_valid(const uint8_t *bytes, size_t length) {
    size_t index = 0;
    while (index < length) {
        size_t step = sequence_length(bytes + index, length - index);
        if (step == 0) return 0;
        index += step;
    }
    return 1;
}

void mem_utf8_repair(char *text) {
    uint8_t *bytes = (uint8_t *)text;
    size_t length = strlen(text), index = 0;
    while (index < length) {
        size_t step = sequence_length(bytes + index, length - index);
        if (step == 0) {
            bytes[index] = '?';
            step = 1;
        }
        index += step;
    }
}

int mem_bytes_compare(const void *left, size_t left_length, const void *right, size_t right_length) {
    size_t shorter = left_length < right_length ? left_length : right_length;
    int order = shorter ? memcmp(left, right, shorter) : 0;
    if (order != 0) return order;
    return left_length < right_length ? -1 : left_length > right_length ? 1 : 0;
}

int mem_has_prefix(const void *text, size_t length, const void *prefix, size_t prefix_length) {
    return length >= prefix_length && (prefix_length == 0 || memcmp(text, prefix, prefix_length) == 0);
}

char *mem_copy(const char *text, size_t length) {
    char *copy = malloc(length + 1);
    if (!copy) return NULL;
    if (length) memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

char *mem_strdup(const char *text) {
    return text ? mem_copy(text, strlen(text)) : NULL;
}

int64_t mem_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000 + (int64_t)(now.tv_nsec / 1000000);
}
