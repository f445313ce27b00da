#define _POSIX_C_SOURCE 200809L
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A caller's error is written only when it holds every 1.0 member. */
static int writable(const ck_loader_error *error) {
    return error != NULL && error->struct_size >= sizeof(ck_loader_error);
}

static void copy_cut(char *to, size_t capacity, const char *from) {
    size_t length = strlen(from);
    if (length >= capacity) length = capacity - 1;
    memmove(to, from, length);
    to[length] = '\0';
}

int32_t ckl_fail(ck_loader_error *error, int32_t kind, const char *code, const char *format, ...) {
    if (!writable(error)) return kind;
    error->kind = kind;
    copy_cut(error->code, sizeof error->code, code ? code : "");
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
    return kind;
}

int32_t ckl_ok(ck_loader_error *error) {
    if (writable(error)) {
        error->kind = CK_OK;
        error->code[0] = '\0';
        error->message[0] = '\0';
    }
    return CK_OK;
}

int32_t ckl_no_memory(ck_loader_error *error, const char *what) {
    return ckl_fail(error, CK_ERR_INTERNAL, CKL_OUT_OF_MEMORY, "out of memory while %s", what);
}

void ckl_text_init(ckl_text *text) {
    text->data[0] = '\0';
    text->length = 0;
}

void ckl_text_add(ckl_text *text, const char *format, ...) {
    if (text->length + 1 >= sizeof text->data) return;
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(text->data + text->length, sizeof text->data - text->length, format, arguments);
    va_end(arguments);
    if (written < 0) return;
    text->length += (size_t)written;
    if (text->length >= sizeof text->data) text->length = sizeof text->data - 1;
}

const char *ckl_reason(int code, char *buffer, size_t size) {
    if (strerror_r(code, buffer, size) != 0) snprintf(buffer, size, "error %d", code);
    return buffer;
}
