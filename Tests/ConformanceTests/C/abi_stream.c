/*
 * Puts of unknown length (ABI 1.4, CK_CONTENT_LENGTH_UNKNOWN) from a C host:
 * the body is pulled through a read callback that never says how long it
 * is, as a pipe would give it. Rule 2d decides how it goes: to a provider
 * of ABI 1.4 or later with CK_CONTENT_LENGTH_UNKNOWN; to an older one
 * (which refuses that value as out of range — checked too) the host
 * spools the body to a temporary file first and sends its exact length,
 * as abi/README.md shows. Either way:
 *  - a large body (20 MiB and a bit: parts on AWS, straight to the staged
 *    file on the local provider) is stored whole: the reported size, and
 *    every byte read back through a write callback; progress says total -1
 *    (from a 1.4 provider);
 *  - a small body and an empty one are stored whole too (one PUT on AWS);
 *  - a read callback that returns -1 partway cancels the put
 *    (CK_ERR_CANCELLED; when spooling, the host's own) and nothing is stored;
 *  - any other negative content_length with a read callback is
 *    CK_ERR_INVALID_ARGUMENT.
 * Built with -std=c99 -Wall -Wextra -Werror -pedantic under ASan, against
 * abi/cloudkit.h and every frozen header from 1.4 on.
 *
 * usage: abi_stream LIBRARY BUCKET [KEY=VALUE option ...]
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

#if CK_ABI_VERSION_MINOR < 4
#error "abi_stream.c needs CK_CONTENT_LENGTH_UNKNOWN (ABI 1.4)"
#endif

/* The body: `length` bytes of a pattern, given in uneven pieces. */
typedef struct body {
    int64_t length;
    int64_t given;
    int64_t fail_at;     /* -1 from read once this many bytes were given; -1: never */
    int64_t checked;     /* bytes compared by the write callback */
    int mismatch;
    int64_t last_total;  /* the total of the last progress report */
    int progress_calls;
} body;

static uint8_t pattern(int64_t offset) {
    return (uint8_t)((offset * 31) ^ (offset >> 11) ^ 0x5A);
}

static int64_t read_body(void *context, uint8_t *buffer, size_t capacity) {
    body *b = context;
    int64_t count = (int64_t)capacity;
    int64_t i;
    if (b->fail_at >= 0 && b->given >= b->fail_at) return -1;
    if (count > 70001) count = 70001; /* never a whole buffer: a pipe gives what it has */
    if (count > b->length - b->given) count = b->length - b->given;
    for (i = 0; i < count; i++) buffer[i] = pattern(b->given + i);
    b->given += count;
    return count;
}

static int32_t write_body(void *context, const uint8_t *data, size_t length) {
    body *b = context;
    size_t i;
    for (i = 0; i < length; i++) {
        if (data[i] != pattern(b->checked + (int64_t)i)) b->mismatch = 1;
    }
    b->checked += (int64_t)length;
    return 0;
}

static void on_progress(void *context, int64_t done, int64_t total) {
    body *b = context;
    (void)done;
    b->last_total = total;
    b->progress_calls++;
}

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    result *r = user_data;
    copy_status(r, status);
    if (info) {
        snprintf(r->text, sizeof r->text, "%s", info->etag ? info->etag : "");
        r->count = (size_t)info->size;
    }
    ck_sync_signal(&r->sync);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    result *r = user_data;
    copy_status(r, status);
    (void)data;
    (void)length;
    if (info) r->count = (size_t)info->size;
    ck_sync_signal(&r->sync);
}

/* Reads the spooled body back from its temporary file. */
static int64_t read_spool(void *context, uint8_t *buffer, size_t capacity) {
    FILE *spool = context;
    size_t count = fread(buffer, 1, capacity, spool);
    return count == 0 && ferror(spool) ? -1 : (int64_t)count;
}

/* Copies the body `b` gives into a new temporary file, 1 MiB at a time: its
   length, or -1 when `read` gave up (or the file failed). */
static int64_t spool_body(body *b, FILE *spool) {
    static uint8_t chunk[1024 * 1024];
    int64_t length = 0;
    for (;;) {
        int64_t count = read_body(b, chunk, sizeof chunk);
        if (count < 0) return -1;
        if (count == 0) break;
        if (fwrite(chunk, 1, (size_t)count, spool) != (size_t)count) return -1;
        length += count;
    }
    return fflush(spool) == 0 && fseek(spool, 0, SEEK_SET) == 0 ? length : -1;
}

/* Puts KEY from `b` with the given content_length; the completion's kind.
   A body of unknown length is spooled first for a provider below 1.4. */
static int32_t put(const ck_provider *p, ck_client *c, const char *bucket, const char *key, body *b, int64_t content_length, result *r) {
    ck_put_object_request request;
    FILE *spool = NULL;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.bucket = bucket;
    request.key = key;
    request.read = read_body;
    request.read_context = b;
    request.content_length = content_length;
    request.progress = on_progress;
    request.progress_context = b;
    result_init(r);
    if (content_length == CK_CONTENT_LENGTH_UNKNOWN && p->abi_minor < 4) {
        spool = tmpfile();
        request.content_length = spool ? spool_body(b, spool) : -1;
        if (request.content_length < 0) {
            /* The host's own failure: the provider is never called. */
            if (spool) fclose(spool);
            ck_sync_destroy(&r->sync);
            r->kind = CK_ERR_CANCELLED;
            snprintf(r->message, sizeof r->message, "the body could not be spooled");
            return r->kind;
        }
        request.read = read_spool;
        request.read_context = spool;
    }
    p->storage->put_object(c, &request, on_info, r);
    ck_sync_wait(&r->sync);
    ck_sync_destroy(&r->sync);
    if (spool) fclose(spool);
    return r->kind;
}

/* Puts `length` bytes of unknown length as KEY and reads them back. */
static int round_trip(const ck_provider *p, ck_client *c, const char *bucket, const char *key, int64_t length) {
    body b;
    ck_get_object_request get;
    result r;
    memset(&b, 0, sizeof b);
    b.length = length;
    b.fail_at = -1;
    b.last_total = 0;
    if (put(p, c, bucket, key, &b, CK_CONTENT_LENGTH_UNKNOWN, &r) != CK_OK) {
        fprintf(stderr, "put %s of unknown length: kind %d: %s\n", key, (int)r.kind, r.message);
        return 0;
    }
    if ((int64_t)r.count != length || b.given != length) {
        fprintf(stderr, "put %s: stored %lld bytes, the body had %lld\n", key, (long long)r.count, (long long)length);
        return 0;
    }
    if (p->abi_minor >= 4 && length > 8 * 1024 * 1024 && (b.progress_calls == 0 || b.last_total != -1)) {
        fprintf(stderr, "put %s: progress said total %lld (%d calls), not -1\n", key, (long long)b.last_total, b.progress_calls);
        return 0;
    }
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.bucket = bucket;
    get.key = key;
    get.write = write_body;
    get.write_context = &b;
    result_init(&r);
    p->storage->get_object(c, &get, on_get, &r);
    if (!expect_ok("get_object", &r)) return 0;
    if (b.checked != length || b.mismatch) {
        fprintf(stderr, "get %s: %lld bytes back of %lld%s\n", key, (long long)b.checked, (long long)length,
                b.mismatch ? ", and they differ" : "");
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    result r;
    const char *bucket = NULL;
    int ok = 1;

    client = open_bucket(argc, argv, &provider, &bucket);
    if (!client) return 1;

    /* Rule 2d: CK_CONTENT_LENGTH_UNKNOWN only for a provider that has it; an
       older one refuses it as out of range, which is why put() spools. */
    if (ok && provider->abi_minor < 4) {
        ck_put_object_request request;
        body b;
        memset(&b, 0, sizeof b);
        b.length = 10;
        b.fail_at = -1;
        memset(&request, 0, sizeof request);
        request.struct_size = sizeof request;
        request.bucket = bucket;
        request.key = "stream/unspooled";
        request.read = read_body;
        request.read_context = &b;
        request.content_length = CK_CONTENT_LENGTH_UNKNOWN;
        result_init(&r);
        provider->storage->put_object(client, &request, on_info, &r);
        ok = expect_kind("CK_CONTENT_LENGTH_UNKNOWN to a provider of ABI 1.3 or older", &r, CK_ERR_INVALID_ARGUMENT);
        printf("provider speaks ABI 1.%u: bodies of unknown length are spooled\n", (unsigned)provider->abi_minor);
    }

    ok = ok && round_trip(provider, client, bucket, "stream/large", 20 * 1024 * 1024 + 12345);
    ok = ok && round_trip(provider, client, bucket, "stream/small", 1000);
    ok = ok && round_trip(provider, client, bucket, "stream/empty", 0);

    /* A read callback that gives up partway: cancelled, and nothing stored. */
    if (ok) {
        body b;
        memset(&b, 0, sizeof b);
        b.length = 30 * 1024 * 1024;
        b.fail_at = 17 * 1024 * 1024;
        if (put(provider, client, bucket, "stream/aborted", &b, CK_CONTENT_LENGTH_UNKNOWN, &r) != CK_ERR_CANCELLED) {
            fprintf(stderr, "a read callback returning -1: kind %d (%s), expected cancelled\n", (int)r.kind, r.message);
            ok = 0;
        }
    }
    if (ok) {
        result_init(&r);
        provider->storage->head_object(client, bucket, "stream/aborted", on_info, &r);
        ok = expect_kind("head of the aborted put", &r, CK_ERR_NOT_FOUND);
    }
    /* -2 means nothing: invalid argument. */
    if (ok) {
        body b;
        memset(&b, 0, sizeof b);
        b.length = 10;
        b.fail_at = -1;
        if (put(provider, client, bucket, "stream/bad", &b, -2, &r) != CK_ERR_INVALID_ARGUMENT) {
            fprintf(stderr, "content_length -2: kind %d (%s), expected invalid argument\n", (int)r.kind, r.message);
            ok = 0;
        }
    }

    provider->client_close(client);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
