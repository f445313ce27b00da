/*
 * Filling a caller's ck_loader_error, and building messages that list what
 * was tried. Every failure of the loader goes through ckl_fail.
 */
#ifndef CKL_ERROR_H
#define CKL_ERROR_H

#include "cloudkit_loader.h"

#if defined(__GNUC__)
#define CKL_PRINTF(format_index, first) __attribute__((format(printf, format_index, first)))
#else
#define CKL_PRINTF(format_index, first)
#endif

/* The stable codes of the header's ck_loader_error documentation. */
#define CKL_BAD_REQUEST "BadRequest"
#define CKL_CONFIG_NOT_FOUND "ConfigNotFound"
#define CKL_CONFIG_UNREADABLE "ConfigUnreadable"
#define CKL_CONFIG_SYNTAX "ConfigSyntax"
#define CKL_PROVIDER_NOT_FOUND "ProviderNotFound"
#define CKL_PROVIDER_LOAD_FAILED "ProviderLoadFailed"
#define CKL_PROVIDER_ENTRY_MISSING "ProviderEntryMissing"
#define CKL_PROVIDER_INIT_FAILED "ProviderInitFailed"
#define CKL_PROVIDER_ABI_MISMATCH "ProviderABIMismatch"
#define CKL_CLIENT_OPEN_FAILED "ClientOpenFailed"
#define CKL_OUT_OF_MEMORY "OutOfMemory"

/* Records a failure of `kind` in `error` (when it can hold one) and returns `kind`. */
int32_t ckl_fail(ck_loader_error *error, int32_t kind, const char *code, const char *format, ...) CKL_PRINTF(4, 5);

/* Records a success in `error` and returns CK_OK. */
int32_t ckl_ok(ck_loader_error *error);

/* ckl_fail for memory that ran out while doing `what`. */
int32_t ckl_no_memory(ck_loader_error *error, const char *what);

/* The text of the errno value `code`, written into `buffer` (thread-safe strerror). */
const char *ckl_reason(int code, char *buffer, size_t size);

/* A message being built: appends past the end are cut off. */
typedef struct ckl_text {
    char data[2048];
    size_t length;
} ckl_text;

void ckl_text_init(ckl_text *text);
void ckl_text_add(ckl_text *text, const char *format, ...) CKL_PRINTF(2, 3);

#endif
