/* See include/conformance_http.h. */
#define _POSIX_C_SOURCE 200809L
#include "conformance_http.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The libcurl functions used, found in the library opened on first use.
 * (Only curl.h's types and constants are compiled in: nothing is linked.) */
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
} curl;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
/* Why libcurl could not be had; empty when it was. */
static char curl_missing[256];

/* Copies the symbol `name` into the function pointer at `slot` (memcpy:
 * ISO C has no conversion from an object pointer to a function pointer). */
static int resolve(void *library, const char *name, void *slot, size_t size) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL) {
        snprintf(curl_missing, sizeof curl_missing, "libcurl.so.4 has no %s", name);
        return -1;
    }
    memcpy(slot, &symbol, size);
    return 0;
}

#define RESOLVE(library, name, field) resolve((library), (name), &curl.field, sizeof curl.field)

static void open_curl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(curl_missing, sizeof curl_missing, "cannot open libcurl.so.4 (install libcurl 7.x or 8.x): %s", why ? why : "unknown");
        return;
    }
    if (RESOLVE(library, "curl_global_init", global_init) || RESOLVE(library, "curl_easy_init", easy_init) ||
        RESOLVE(library, "curl_easy_setopt", easy_setopt) || RESOLVE(library, "curl_easy_perform", easy_perform) ||
        RESOLVE(library, "curl_easy_getinfo", easy_getinfo) || RESOLVE(library, "curl_easy_cleanup", easy_cleanup) ||
        RESOLVE(library, "curl_easy_strerror", easy_strerror) || RESOLVE(library, "curl_slist_append", slist_append) ||
        RESOLVE(library, "curl_slist_free_all", slist_free_all)) {
        return; /* The library stays open: it is opened once per process. */
    }
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(curl_missing, sizeof curl_missing, "libcurl failed to initialise");
    }
}

/* The response body so far. */
typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
    int out_of_memory;
} body_buffer;

static size_t receive(char *data, size_t size, size_t count, void *context) {
    body_buffer *buffer = context;
    size_t length = size * count;
    if (buffer->length + length + 1 > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < buffer->length + length + 1) capacity *= 2;
        unsigned char *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) {
            buffer->out_of_memory = 1;
            return 0; /* curl fails the transfer with CURLE_WRITE_ERROR */
        }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, data, length);
    buffer->length += length;
    buffer->bytes[buffer->length] = 0;
    return length;
}

/* The request body, read from the start. */
typedef struct {
    const unsigned char *bytes;
    size_t length;
    size_t offset;
} upload_source;

static size_t send_body(char *destination, size_t size, size_t count, void *context) {
    upload_source *source = context;
    size_t room = size * count;
    size_t left = source->length - source->offset;
    size_t length = left < room ? left : room;
    if (length > 0) memcpy(destination, source->bytes + source->offset, length);
    source->offset += length;
    return length;
}

int cf_http_perform(const char *method, const char *url, const void *body, size_t body_length, cf_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&curl_once, open_curl);
    if (curl_missing[0] != 0) {
        snprintf(result->error, sizeof result->error, "%s", curl_missing);
        return -1;
    }
    int put = strcmp(method, "PUT") == 0;
    if (!put && strcmp(method, "GET") != 0) {
        snprintf(result->error, sizeof result->error, "only GET and PUT are sent (got %.40s)", method);
        return -1;
    }
    if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0) {
        snprintf(result->error, sizeof result->error, "only http and https URLs are sent");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(result->error, sizeof result->error, "libcurl could not make a handle");
        return -1;
    }
    char error[CURL_ERROR_SIZE];
    error[0] = 0;
    body_buffer received = {NULL, 0, 0, 0};
    upload_source source = {body, body_length, 0};
    struct curl_slist *headers = NULL;
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
    /* Only the web (checked above; libcurl 7.85 and later checks it too). Redirects are not followed. */
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 30L);
    curl.easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl.easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, 60L);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, receive);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &received);
    if (put) {
        /* No "Expect: 100-continue": the body follows the headers at once. */
        headers = curl.slist_append(NULL, "Expect:");
        curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
        curl.easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        curl.easy_setopt(handle, CURLOPT_READFUNCTION, send_body);
        curl.easy_setopt(handle, CURLOPT_READDATA, &source);
        curl.easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, (curl_off_t)body_length);
    } else {
        curl.easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    }
    CURLcode code = curl.easy_perform(handle);
    int outcome = 0;
    if (code == CURLE_OK) {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result->status);
        result->body = received.bytes;
        result->body_length = received.length;
    } else {
        snprintf(result->error, sizeof result->error, "%s", received.out_of_memory ? "out of memory for the response"
                                                           : error[0] ? error : curl.easy_strerror(code));
        free(received.bytes);
        outcome = -1;
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return outcome;
}

void cf_http_result_free(cf_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->body_length = 0;
}
