/*
 * Reads into the host's own memory (ABI 1.6, ck_get_object_request.reserve),
 * from a C host under ASan. Rule 2b decides how it goes: a provider below
 * 1.6 refuses a request that sets `reserve` (CK_ERR_UNSUPPORTED, the
 * callback never called), so the host gives it only to a provider of 1.6
 * or later and copies the lent body otherwise. From a 1.6 provider:
 *  - a large body (20 MiB and a bit: ranged parts on AWS, chunked reads on
 *    the local provider), a small one, one of a few bytes and a range of
 *    the large one each land in the memory `reserve` gave: asked for once,
 *    for the body's length, and the completion's `data` is that pointer,
 *    holding every byte; the host frees it after the completion;
 *  - an empty body asks for nothing;
 *  - a `reserve` that returns NULL fails the read with CK_ERR_CANCELLED;
 *  - a read to a write callback never asks;
 *  - a read whose memory is freed inside its completion, while another read
 *    of the same object runs beside it and a third is cancelled, leaves
 *    nothing writing to freed memory (ASan would stop the program).
 * Built with -std=c99 -Wall -Wextra -Werror -pedantic under ASan.
 *
 * usage: abi_reserve LIBRARY BUCKET [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

#if CK_ABI_VERSION_MINOR < 6
#error "abi_reserve.c needs ck_get_object_request.reserve (ABI 1.6)"
#endif

#define LARGE (20 * 1024 * 1024 + 12345)

/* The host's side of one read's memory. */
typedef struct lender {
    int refuse;        /* return NULL */
    int calls;
    size_t asked;      /* the length of the last ask */
    void *memory;      /* what was lent (the host's to free) */
} lender;

/* One read's outcome. */
typedef struct read_result {
    result r;
    lender lend;
    const uint8_t *data;
    size_t length;
    int matches;       /* data holds the expected bytes */
    size_t expect_from;
    int free_in_completion;
} read_result;

static uint8_t pattern(size_t offset) {
    return (uint8_t)((offset * 131) ^ (offset >> 9) ^ 0xA5);
}

static void *lend(void *context, size_t length) {
    lender *l = context;
    l->calls++;
    l->asked = length;
    if (l->refuse) return NULL;
    l->memory = malloc(length);
    return l->memory;
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    read_result *g = user_data;
    size_t i;
    (void)info;
    copy_status(&g->r, status);
    g->data = data;
    g->length = length;
    g->matches = 1;
    for (i = 0; data && i < length; i++) {
        if (data[i] != pattern(g->expect_from + i)) {
            g->matches = 0;
            break;
        }
    }
    if (g->free_in_completion) {
        /* Freed before the completion returns: the provider must not touch it again. */
        free(g->lend.memory);
        g->lend.memory = NULL;
    }
    ck_sync_signal(&g->r.sync);
}

static void on_put(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    (void)info;
    copy_status(r, status);
    ck_sync_signal(&r->sync);
}

static int32_t put(const ck_provider *p, ck_client *c, const char *bucket, const char *key, size_t length) {
    ck_put_object_request request;
    result r;
    uint8_t *body = malloc(length ? length : 1);
    size_t i;
    if (!body) return CK_ERR_INTERNAL;
    for (i = 0; i < length; i++) body[i] = pattern(i);
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.bucket = bucket;
    request.key = key;
    request.data = body;
    request.data_length = length;
    result_init(&r);
    p->storage->put_object(c, &request, on_put, &r);
    ck_sync_wait(&r.sync);
    ck_sync_destroy(&r.sync);
    free(body);
    if (r.kind != CK_OK) fprintf(stderr, "put %s: kind %d: %s\n", key, (int)r.kind, r.message);
    return r.kind;
}

/* Starts a read of KEY into memory lent by `g` (bytes first..last with a range). */
static void start_get(const ck_provider *p, ck_client *c, const char *bucket, const char *key, int64_t first, int64_t last, read_result *g) {
    ck_get_object_request request;
    result_init(&g->r);
    g->data = NULL;
    g->length = 0;
    g->expect_from = first > 0 ? (size_t)first : 0;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.bucket = bucket;
    request.key = key;
    if (first >= 0) {
        request.has_range = 1;
        request.range_start = first;
        request.range_end = last;
    }
    request.reserve = lend;
    request.reserve_context = &g->lend;
    p->storage->get_object(c, &request, on_get, g);
}

/* Reads KEY (or its range) into lent memory and checks where it landed. */
static int lent_read(const ck_provider *p, ck_client *c, const char *bucket, const char *key, size_t length, int64_t first, int64_t last) {
    read_result g;
    int ok = 1;
    memset(&g, 0, sizeof g);
    start_get(p, c, bucket, key, first, last, &g);
    if (!expect_ok(key, &g.r)) return 0;
    if (g.length != length || !g.matches) {
        fprintf(stderr, "get %s: %zu bytes (%s), expected %zu\n", key, g.length, g.matches ? "as put" : "not as put", length);
        ok = 0;
    } else if (length == 0 && g.lend.calls != 0) {
        fprintf(stderr, "get %s: an empty body asked for memory %d times\n", key, g.lend.calls);
        ok = 0;
    } else if (length > 0 && (g.lend.calls != 1 || g.lend.asked != length || (const void *)g.data != g.lend.memory)) {
        fprintf(stderr, "get %s: reserve called %d times (last for %zu bytes); data %s the lent memory\n", key, g.lend.calls,
                g.lend.asked, (const void *)g.data == g.lend.memory ? "is" : "is not");
        ok = 0;
    }
    free(g.lend.memory);
    return ok;
}

static int32_t discard_body(void *context, const uint8_t *data, size_t length) {
    size_t *count = context;
    (void)data;
    *count += length;
    return 0;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    const char *bucket = NULL;
    int ok = 1;

    client = open_bucket(argc, argv, &provider, &bucket);
    if (!client) return 1;
    ok = ok && put(provider, client, bucket, "reserve/large", LARGE) == CK_OK;
    ok = ok && put(provider, client, bucket, "reserve/small", 1000) == CK_OK;
    ok = ok && put(provider, client, bucket, "reserve/tiny", 5) == CK_OK;
    ok = ok && put(provider, client, bucket, "reserve/empty", 0) == CK_OK;

    if (ok && provider->abi_minor < 6) {
        /* Rule 2b: the member is unknown to it, so the request is refused
           whole; the host reads without `reserve` and copies instead. */
        read_result g;
        memset(&g, 0, sizeof g);
        start_get(provider, client, bucket, "reserve/small", -1, -1, &g);
        ok = expect_kind("reserve given to a provider below 1.6", &g.r, CK_ERR_UNSUPPORTED);
        if (ok && g.lend.calls != 0) {
            fprintf(stderr, "a provider below 1.6 called reserve %d times\n", g.lend.calls);
            ok = 0;
        }
        printf("provider speaks ABI 1.%u: the host copies lent bodies\n", (unsigned)provider->abi_minor);
        provider->client_close(client);
        printf(ok ? "ok\n" : "FAILED\n");
        return ok ? 0 : 1;
    }

    ok = ok && lent_read(provider, client, bucket, "reserve/large", LARGE, -1, -1);
    ok = ok && lent_read(provider, client, bucket, "reserve/small", 1000, -1, -1);
    ok = ok && lent_read(provider, client, bucket, "reserve/tiny", 5, -1, -1);
    ok = ok && lent_read(provider, client, bucket, "reserve/empty", 0, -1, -1);
    ok = ok && lent_read(provider, client, bucket, "reserve/large", 100, 4096, 4195);

    /* A refusal fails the read, large or small. */
    if (ok) {
        const char *keys[2] = {"reserve/large", "reserve/small"};
        int i;
        for (i = 0; ok && i < 2; i++) {
            read_result g;
            memset(&g, 0, sizeof g);
            g.lend.refuse = 1;
            start_get(provider, client, bucket, keys[i], -1, -1, &g);
            ok = expect_kind("a reserve that returns NULL", &g.r, CK_ERR_CANCELLED);
            if (ok && g.lend.calls != 1) {
                fprintf(stderr, "%s: reserve called %d times on a refusal\n", keys[i], g.lend.calls);
                ok = 0;
            }
        }
    }

    /* `reserve` is for reads into memory: a write callback gets the body, and nothing is asked. */
    if (ok) {
        ck_get_object_request request;
        read_result g;
        size_t written = 0;
        memset(&g, 0, sizeof g);
        result_init(&g.r);
        memset(&request, 0, sizeof request);
        request.struct_size = sizeof request;
        request.bucket = bucket;
        request.key = "reserve/small";
        request.write = discard_body;
        request.write_context = &written;
        request.reserve = lend;
        request.reserve_context = &g.lend;
        provider->storage->get_object(client, &request, on_get, &g);
        ok = expect_ok("a read to a write callback with reserve set", &g.r);
        if (ok && (written != 1000 || g.lend.calls != 0)) {
            fprintf(stderr, "write callback got %zu bytes; reserve called %d times\n", written, g.lend.calls);
            ok = 0;
        }
    }

    /* Three reads of the large body at once: one frees its memory inside
       its completion, one is cancelled at once, one runs its course. */
    if (ok) {
        read_result freed, cancelled, whole;
        memset(&freed, 0, sizeof freed);
        memset(&cancelled, 0, sizeof cancelled);
        memset(&whole, 0, sizeof whole);
        freed.free_in_completion = 1;
        cancelled.free_in_completion = 1;
        start_get(provider, client, bucket, "reserve/large", -1, -1, &freed);
        start_get(provider, client, bucket, "reserve/large", -1, -1, &cancelled);
        start_get(provider, client, bucket, "reserve/large", -1, -1, &whole);
        if (CK_HAS_MEMBER(provider, ck_provider, cancel) && provider->cancel) provider->cancel(client, &cancelled);
        ok = expect_ok("the read freed in its completion", &freed.r) && freed.length == LARGE && freed.matches;
        ck_sync_wait(&cancelled.r.sync);
        ck_sync_destroy(&cancelled.r.sync);
        if (cancelled.r.kind != CK_OK && cancelled.r.kind != CK_ERR_CANCELLED) {
            fprintf(stderr, "the cancelled read: kind %d: %s\n", (int)cancelled.r.kind, cancelled.r.message);
            ok = 0;
        }
        ok = expect_ok("the read beside them", &whole.r) && ok && whole.length == LARGE && whole.matches;
        free(whole.lend.memory);
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
