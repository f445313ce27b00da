/*
 * cloudkit_s3.c — the S3 workloads through the C ABI: the aws provider
 * pointed at the object server (its `endpoint_url`, path-style, dummy
 * credentials; objects up to 5 GiB in one PUT, since the server has no
 * multipart uploads).
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "cloudkit_host.h"
#include "window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ck_loaded *open_s3(int argc, char **argv) {
    const ck_pair options[] = {
        {"endpoint_url", bench_arg(argc, argv, "--endpoint", "")},
        {"region", "us-east-1"},
        {"access_key_id", "bench"},
        {"secret_access_key", "bench-secret"},
        {"multipart_threshold_mb", "5120"},
    };
    return host_open("aws", options, sizeof options / sizeof options[0]);
}

/* One small-object workload: its cell, bucket and body. */
typedef struct small_context {
    ck_loaded *cloud;
    const bench_cell *cell;
    const char *bucket;
    const uint8_t *body;
} small_context;

static void issue_small(window *w, void *context, long index) {
    small_context *c = context;
    char key[256];
    snprintf(key, sizeof key, "small/cloudkit-c/%lld/%ld", (long long)c->cell->size, index % BENCH_KEYS);
    const ck_storage_v1 *storage = c->cloud->provider->storage;
    if (strcmp(c->cell->op, "PUT") == 0) {
        ck_put_object_request put;
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = c->bucket;
        put.key = key;
        put.data = c->body;
        put.data_length = (size_t)c->cell->size;
        storage->put_object(c->cloud->client, &put, window_on_info, w);
    } else if (strcmp(c->cell->op, "GET") == 0) {
        ck_get_object_request get;
        memset(&get, 0, sizeof get);
        get.struct_size = sizeof get;
        get.bucket = c->bucket;
        get.key = key;
        storage->get_object(c->cloud->client, &get, window_on_get, w);
    } else {
        storage->head_object(c->cloud->client, c->bucket, key, window_on_info, w);
    }
}

int host_s3_small(int argc, char **argv) {
    bench_cell cells[64];
    size_t count = bench_cells(bench_arg(argc, argv, "--cells", ""), cells, 64);
    double seconds = atof(bench_arg(argc, argv, "--seconds", "1"));
    long max = atol(bench_arg(argc, argv, "--max", "100000"));
    ck_loaded *cloud = open_s3(argc, argv);
    for (size_t i = 0; i < count; i++) {
        const bench_cell *cell = &cells[i];
        uint8_t *body = malloc((size_t)cell->size + 1);
        if (body == NULL) bench_fail("out of memory");
        bench_fill(body, (size_t)cell->size);
        small_context context = {cloud, cell, bench_arg(argc, argv, "--bucket", "bench"), body};
        window w;
        window_init(&w, cell->inflight);
        window_lend(&w, cloud->provider, cloud->client);
        w.expected_length = cell->size;
        char id[128];
        bench_cell_id(cell, id, sizeof id);
        bench_budget warm = {1e9, BENCH_KEYS, 0, 0};
        window_run(&w, &warm, issue_small, &context, id);
        bench_budget budget = {seconds, max, 0, 0};
        double cpu = bench_cpu_seconds();
        long done = window_run(&w, &budget, issue_small, &context, id);
        bench_cell_figures(cell, HOST_SUBJECT, HOST_ROLE, done, &budget, cpu);
        window_destroy(&w);
        free(body);
    }
    ck_loader_close(cloud);
    return 0;
}

/* A GET through a stream callback: counts what it is handed. */
static int32_t count_bytes(void *context, const uint8_t *data, size_t length) {
    (void)data;
    *(int64_t *)context += (int64_t)length;
    return 0;
}

int host_s3_large(int argc, char **argv) {
    const char *op = bench_arg(argc, argv, "--op", "");
    const char *bucket = bench_arg(argc, argv, "--bucket", "bench");
    const char *key = bench_arg(argc, argv, "--key", "large/object");
    const char *path = bench_arg(argc, argv, "--file", "");
    long long bytes = atoll(bench_arg(argc, argv, "--bytes", "0"));
    ck_loaded *cloud = open_s3(argc, argv);
    const ck_storage_v1 *storage = cloud->provider->storage;
    window w;
    window_init(&w, 1);
    int64_t streamed = 0;
    double start = bench_now();
    window_acquire(&w);
    if (strcmp(op, "put-file") == 0) {
        ck_put_object_request put;
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = bucket;
        put.key = key;
        put.file_path = path;
        storage->put_object(cloud->client, &put, window_on_info, &w);
    } else {
        ck_get_object_request get;
        memset(&get, 0, sizeof get);
        get.struct_size = sizeof get;
        get.bucket = bucket;
        get.key = key;
        if (strcmp(op, "get-memory") == 0) {
            w.expected_length = bytes;
        } else if (strcmp(op, "get-file") == 0) {
            get.file_path = path;
        } else if (strcmp(op, "get-stream") == 0) {
            get.write = count_bytes;
            get.write_context = &streamed;
        } else {
            bench_fail("unknown operation '%s'", op);
        }
        storage->get_object(cloud->client, &get, window_on_get, &w);
    }
    window_drain(&w, op);
    double elapsed = bench_now() - start;
    if (strcmp(op, "get-stream") == 0 && streamed != bytes) bench_fail("cloudkit: streamed %lld bytes, not %lld", (long long)streamed, bytes);
    char id[128];
    snprintf(id, sizeof id, "s3-large:%s:%lld", op, bytes);
    bench_figure(id, HOST_SUBJECT, HOST_ROLE, (double)bytes / 1e6 / elapsed, "MB/s");
    snprintf(id, sizeof id, "s3-large:%s:%lld:rss", op, bytes);
    bench_figure(id, HOST_SUBJECT, HOST_ROLE, bench_peak_rss_mib(), "MiB");
    window_destroy(&w);
    ck_loader_close(cloud);
    return 0;
}
