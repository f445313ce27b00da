/*
 * curl_floor.c — the floor of the S3 workloads: plain libcurl against the
 * object server, with nothing on top (no signing, no XML, no retries, no
 * checks beyond the status). One easy handle is reused for requests one at
 * a time; N in flight are N easy handles on one multi handle.
 *
 *   curl_floor small --endpoint URL --bucket B --cells PUT:4096:1,... --seconds S --max N
 *   curl_floor large --endpoint URL --bucket B --op put-file|get-memory|get-file|get-stream
 *                    --bytes N --key K [--file PATH (put: the source; get-file: the target)]
 * With `--note TEXT` (no server), each figure is printed as null with that note.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT "curl"
#define ROLE "floor"

/* A reply body in memory: the buffer grows as the body comes (a small GET's is allocated once, at its size). */
typedef struct memory_sink {
    uint8_t *data;
    size_t length;
    size_t capacity;
} memory_sink;

static size_t to_memory(char *data, size_t size, size_t count, void *context) {
    memory_sink *sink = context;
    size_t length = size * count;
    if (sink->length + length > sink->capacity) {
        size_t capacity = sink->capacity == 0 ? 1 << 20 : sink->capacity;
        while (capacity < sink->length + length) capacity *= 2;
        uint8_t *grown = realloc(sink->data, capacity);
        if (grown == NULL) return 0;
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->length, data, length);
    sink->length += length;
    return length;
}

/* One request slot: an easy handle and what its reply is read into. */
typedef struct slot {
    CURL *easy;
    struct curl_slist *headers;
    char url[1024];
    memory_sink body; /* a small GET's reply */
} slot;

static size_t discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

/* Prepares `s` for one request of `cell` on key `index`. */
static void prepare(slot *s, const char *endpoint, const char *bucket, const bench_cell *cell, long index, const uint8_t *body) {
    snprintf(s->url, sizeof s->url, "%s/%s/small/" SUBJECT "/%lld/%ld", endpoint, bucket, (long long)cell->size, index % BENCH_KEYS);
    curl_easy_setopt(s->easy, CURLOPT_URL, s->url);
    s->body.length = 0;
    if (strcmp(cell->op, "PUT") == 0) {
        curl_easy_setopt(s->easy, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, (const char *)body);
        curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)cell->size);
        curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard);
    } else if (strcmp(cell->op, "GET") == 0) {
        curl_easy_setopt(s->easy, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, to_memory);
        curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, &s->body);
    } else if (strcmp(cell->op, "HEAD") == 0) {
        curl_easy_setopt(s->easy, CURLOPT_NOBODY, 1L);
    } else {
        bench_fail("unknown operation %s", cell->op);
    }
}

static void check(slot *s, const bench_cell *cell, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status < 200 || status > 299) {
        bench_fail("curl: %s %s: %s, HTTP %ld", cell->op, s->url, curl_easy_strerror(code), status);
    }
    if (strcmp(cell->op, "GET") == 0 && (int64_t)s->body.length != cell->size) {
        bench_fail("curl: GET %s: %zu bytes, not %lld", s->url, s->body.length, (long long)cell->size);
    }
}

static void slot_init(slot *s, int64_t size) {
    memset(s, 0, sizeof *s);
    s->easy = curl_easy_init();
    if (s->easy == NULL) bench_fail("curl_easy_init failed");
    s->headers = curl_slist_append(NULL, "Expect:");
    s->headers = curl_slist_append(s->headers, "Content-Type: application/octet-stream");
    curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->headers);
    s->body.capacity = size > 0 ? (size_t)size : 1;
    s->body.data = malloc(s->body.capacity);
    if (s->body.data == NULL) bench_fail("out of memory");
}

static void slot_free(slot *s) {
    curl_easy_cleanup(s->easy);
    curl_slist_free_all(s->headers);
    free(s->body.data);
}

/* Runs `cell` within `budget` (key i for the i-th request) and returns how many completed. */
static long run_cell(CURLM *multi, slot *slots, const char *endpoint, const char *bucket, const bench_cell *cell,
                     const uint8_t *body, bench_budget *budget) {
    long done = 0;
    bench_budget_start(budget);
    if (cell->inflight == 1) {
        while (bench_budget_next(budget)) {
            prepare(&slots[0], endpoint, bucket, cell, budget->started - 1, body);
            check(&slots[0], cell, curl_easy_perform(slots[0].easy));
            done++;
        }
        return done;
    }
    int active = 0;
    for (int i = 0; i < cell->inflight && bench_budget_next(budget); i++) {
        prepare(&slots[i], endpoint, bucket, cell, budget->started - 1, body);
        curl_multi_add_handle(multi, slots[i].easy);
        active++;
    }
    while (active > 0) {
        int running = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *message;
        int queued;
        while ((message = curl_multi_info_read(multi, &queued)) != NULL) {
            if (message->msg != CURLMSG_DONE) continue;
            slot *s = NULL;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            CURLcode code = message->data.result;
            curl_multi_remove_handle(multi, s->easy);
            check(s, cell, code);
            done++;
            active--;
            if (bench_budget_next(budget)) {
                prepare(s, endpoint, bucket, cell, budget->started - 1, body);
                curl_multi_add_handle(multi, s->easy);
                active++;
            }
        }
        if (active > 0) curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    return done;
}

static int small(int argc, char **argv) {
    const char *endpoint = bench_arg(argc, argv, "--endpoint", "");
    const char *bucket = bench_arg(argc, argv, "--bucket", "bench");
    bench_cell cells[64];
    size_t count = bench_cells(bench_arg(argc, argv, "--cells", ""), cells, 64);
    double seconds = atof(bench_arg(argc, argv, "--seconds", "1"));
    long max = atol(bench_arg(argc, argv, "--max", "100000"));
    if (bench_note != NULL) {
        for (size_t c = 0; c < count; c++) bench_cell_figures(&cells[c], SUBJECT, ROLE, -1, NULL, 0);
        return 0;
    }
    CURLM *multi = curl_multi_init();
    for (size_t c = 0; c < count; c++) {
        const bench_cell *cell = &cells[c];
        uint8_t *body = malloc((size_t)cell->size + 1);
        if (body == NULL) bench_fail("out of memory");
        bench_fill(body, (size_t)cell->size);
        slot *slots = calloc((size_t)cell->inflight, sizeof *slots);
        if (slots == NULL) bench_fail("out of memory");
        for (int i = 0; i < cell->inflight; i++) {
            slot_init(&slots[i], cell->size);
            curl_easy_setopt(slots[i].easy, CURLOPT_PRIVATE, &slots[i]);
        }
        bench_budget warm = {1e9, BENCH_KEYS, 0, 0};
        run_cell(multi, slots, endpoint, bucket, cell, body, &warm);
        bench_budget budget = {seconds, max, 0, 0};
        double cpu = bench_cpu_seconds();
        long done = run_cell(multi, slots, endpoint, bucket, cell, body, &budget);
        bench_cell_figures(cell, SUBJECT, ROLE, done, &budget, cpu);
        for (int i = 0; i < cell->inflight; i++) slot_free(&slots[i]);
        free(slots);
        free(body);
    }
    curl_multi_cleanup(multi);
    return 0;
}

static size_t count_bytes(char *data, size_t size, size_t count, void *context) {
    (void)data;
    *(int64_t *)context += (int64_t)(size * count);
    return size * count;
}

static int large(int argc, char **argv) {
    const char *endpoint = bench_arg(argc, argv, "--endpoint", "");
    const char *bucket = bench_arg(argc, argv, "--bucket", "bench");
    const char *op = bench_arg(argc, argv, "--op", "");
    const char *key = bench_arg(argc, argv, "--key", "large/object");
    const char *path = bench_arg(argc, argv, "--file", "");
    long long bytes = atoll(bench_arg(argc, argv, "--bytes", "0"));
    char id[128], url[1024];
    if (bench_note != NULL) {
        snprintf(id, sizeof id, "s3-large:%s:%lld", op, bytes);
        bench_figure(id, SUBJECT, ROLE, -1, "MB/s");
        snprintf(id, sizeof id, "s3-large:%s:%lld:rss", op, bytes);
        bench_figure(id, SUBJECT, ROLE, -1, "MiB");
        return 0;
    }
    snprintf(url, sizeof url, "%s/%s/%s", endpoint, bucket, key);
    CURL *easy = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Expect:");
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    FILE *file = NULL;
    memory_sink memory = {NULL, 0, 0};
    int64_t streamed = 0;
    if (strcmp(op, "put-file") == 0) {
        file = fopen(path, "rb");
        if (file == NULL) bench_fail("cannot open %s", path);
        curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(easy, CURLOPT_READDATA, file);
        curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)bytes);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    } else if (strcmp(op, "get-memory") == 0) {
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, to_memory);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &memory);
    } else if (strcmp(op, "get-file") == 0) {
        file = fopen(path, "wb");
        if (file == NULL) bench_fail("cannot create %s", path);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, file);
    } else if (strcmp(op, "get-stream") == 0) {
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_bytes);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &streamed);
    } else {
        bench_fail("unknown operation '%s'", op);
    }
    double start = bench_now();
    CURLcode code = curl_easy_perform(easy);
    if (file != NULL && fclose(file) != 0) bench_fail("cannot close %s", path);
    double elapsed = bench_now() - start;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status < 200 || status > 299) bench_fail("curl: %s %s: %s, HTTP %ld", op, url, curl_easy_strerror(code), status);
    if (strcmp(op, "get-memory") == 0 && (long long)memory.length != bytes) bench_fail("curl: got %zu bytes, not %lld", memory.length, bytes);
    if (strcmp(op, "get-stream") == 0 && streamed != bytes) bench_fail("curl: streamed %lld bytes, not %lld", (long long)streamed, bytes);
    snprintf(id, sizeof id, "s3-large:%s:%lld", op, bytes);
    bench_figure(id, SUBJECT, ROLE, (double)bytes / 1e6 / elapsed, "MB/s");
    snprintf(id, sizeof id, "s3-large:%s:%lld:rss", op, bytes);
    bench_figure(id, SUBJECT, ROLE, bench_peak_rss_mib(), "MiB");
    free(memory.data);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) bench_fail("usage: curl_floor small|large --endpoint URL ...");
    bench_note = bench_arg(argc, argv, "--note", NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int status = strcmp(argv[1], "small") == 0 ? small(argc, argv) : strcmp(argv[1], "large") == 0 ? large(argc, argv) : 2;
    curl_global_cleanup();
    if (status == 2) bench_fail("unknown command '%s'", argv[1]);
    return status;
}
