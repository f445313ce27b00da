/*
 * One plain HTTP(S) request, for the conformance kit's presigned-URL cases:
 * what a URL's holder does with it, with no cloudkit and no credentials.
 *
 * libcurl is opened with dlopen("libcurl.so.4") on the first request, not
 * linked: the kit lives in the `cloudkit` executable, and a library linked
 * there is loaded (and its symbols bound) by every command at start-up;
 * libcurl and what it needs cost several milliseconds of each start, for a
 * few requests only `cloudkit conformance` makes.
 */
#ifndef CONFORMANCE_HTTP_H
#define CONFORMANCE_HTTP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What one request came back with. Filled by cf_http_perform; free `body`
 * with cf_http_result_free. */
typedef struct cf_http_result {
    /* The HTTP status; 0 when no response arrived. */
    long status;
    /* The response body (malloc'd, NUL-terminated for convenience; NULL when empty). */
    unsigned char *body;
    size_t body_length;
    /* Why the request failed, when cf_http_perform returned -1. */
    char error[512];
} cf_http_result;

/* Sends `method` ("GET" or "PUT") to `url`, with `body_length` bytes of
 * `body` as the request body for a PUT. Blocking; safe from any thread.
 * Returns 0 when a response arrived (any status), -1 when none did or
 * libcurl could not be opened (`result->error` says why). A transfer that
 * moves less than one byte a second for 60 s is given up. */
int cf_http_perform(const char *method, const char *url, const void *body, size_t body_length, cf_http_result *result);

/* Frees what cf_http_perform put in `result`. */
void cf_http_result_free(cf_http_result *result);

#ifdef __cplusplus
}
#endif

#endif
