/*
 * cloudkit_local.c — the local provider's workloads through the C ABI
 * (local_workloads.h), one call at a time, in a fresh root (--root DIR).
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"
#include "cloudkit_host.h"
#include "local_workloads.h"
#include "window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct local_context {
    ck_loaded *cloud;
    local_workload workload;
    uint8_t body[LOCAL_OBJECT_SIZE];
} local_context;

static void issue(window *w, void *context, long index) {
    local_context *c = context;
    ck_client *client = c->cloud->client;
    const ck_provider *provider = c->cloud->provider;
    char key[64], json[256];
    snprintf(key, sizeof key, "obj/%06ld", index % LOCAL_ITEMS);
    switch (c->workload) {
    case LOCAL_STORAGE_PUT: {
        ck_put_object_request put = {0};
        put.struct_size = sizeof put;
        put.bucket = "bench";
        put.key = key;
        put.data = c->body;
        put.data_length = sizeof c->body;
        provider->storage->put_object(client, &put, window_on_info, w);
        break;
    }
    case LOCAL_STORAGE_GET: {
        ck_get_object_request get = {0};
        get.struct_size = sizeof get;
        get.bucket = "bench";
        get.key = key;
        provider->storage->get_object(client, &get, window_on_get, w);
        break;
    }
    case LOCAL_STORAGE_LIST: {
        ck_list_objects_request list = {0};
        list.struct_size = sizeof list;
        list.bucket = "bench";
        list.prefix = "obj/";
        provider->storage->list_objects(client, &list, window_on_list, w);
        break;
    }
    case LOCAL_KV_PUT: {
        local_item_json(index, json, sizeof json);
        ck_kv_write_request put = {0};
        put.struct_size = sizeof put;
        put.table = "bench";
        put.item_json = json;
        provider->kv->put_item(client, &put, window_on_done, w);
        break;
    }
    case LOCAL_KV_GET: {
        local_key_json(index, json, sizeof json);
        ck_kv_get_request get = {0};
        get.struct_size = sizeof get;
        get.table = "bench";
        get.key_json = json;
        provider->kv->get_item(client, &get, window_on_item, w);
        break;
    }
    case LOCAL_KV_QUERY: {
        ck_kv_query_request query = {0};
        query.struct_size = sizeof query;
        query.table = "bench";
        query.partition_json = "\"p\"";
        query.limit = LOCAL_ITEMS;
        provider->kv->query(client, &query, window_on_items, w);
        break;
    }
    case LOCAL_QUEUE_SEND: {
        static const char message[] = "a small message of some sixty-four bytes, as a job queue carries";
        ck_send_request send = {0};
        send.struct_size = sizeof send;
        send.queue = "bench";
        send.body = (const uint8_t *)message;
        send.body_length = sizeof message - 1;
        send.delay_seconds = -1;
        provider->queue->send(client, &send, window_on_sent, w);
        break;
    }
    case LOCAL_QUEUE_RECEIVE: {
        ck_receive_request receive = {0};
        receive.struct_size = sizeof receive;
        receive.queue = "bench";
        receive.max_messages = 1;
        receive.visibility_timeout_seconds = -1;
        provider->queue->receive(client, &receive, window_on_messages, w);
        break;
    }
    default:
        bench_fail("unknown workload");
    }
}

/* Runs one setup call and waits for it. */
static void setup(window *w, const char *what) { window_drain(w, what); }

int host_local(int argc, char **argv) {
    double seconds = atof(bench_arg(argc, argv, "--seconds", "1"));
    long max = atol(bench_arg(argc, argv, "--max", "100000"));
    const ck_pair options[] = {{"root", bench_arg(argc, argv, "--root", "")}};
    local_context context;
    memset(&context, 0, sizeof context);
    bench_fill(context.body, sizeof context.body);
    context.cloud = host_open("local", options, 1);
    ck_client *client = context.cloud->client;
    const ck_provider *provider = context.cloud->provider;
    window w;
    window_init(&w, 1);
    window_lend(&w, provider, client);

    window_acquire(&w);
    provider->storage->create_bucket(client, "bench", window_on_done, &w);
    setup(&w, "create_bucket");
    ck_kv_table_spec table = {0};
    table.struct_size = sizeof table;
    table.table = "bench";
    table.partition_key = "pk";
    table.sort_key = "sk";
    window_acquire(&w);
    provider->kv->create_table(client, &table, window_on_done, &w);
    setup(&w, "create_table");
    ck_queue_spec queue = {0};
    queue.struct_size = sizeof queue;
    queue.name = "bench";
    queue.visibility_timeout_seconds = -1;
    queue.retention_seconds = -1;
    queue.delay_seconds = -1;
    window_acquire(&w);
    provider->queue->create_queue(client, &queue, window_on_string, &w);
    setup(&w, "create_queue");

    long sent = 0;
    for (int workload = 0; workload < LOCAL_WORKLOAD_COUNT; workload++) {
        context.workload = (local_workload)workload;
        w.expected_length = workload == LOCAL_STORAGE_GET ? LOCAL_OBJECT_SIZE : -1;
        char id[64];
        snprintf(id, sizeof id, "local:%s", local_workload_names[workload]);
        /* Puts first write every key; the rest warm up on a few calls. Receives take only what was sent. */
        int writes = workload == LOCAL_STORAGE_PUT || workload == LOCAL_KV_PUT;
        bench_budget warm = {1e9, writes ? LOCAL_ITEMS : workload == LOCAL_QUEUE_RECEIVE ? 0 : 8, 0, 0};
        sent += window_run(&w, &warm, issue, &context, id) * (workload == LOCAL_QUEUE_SEND);
        bench_budget budget = {seconds, workload == LOCAL_QUEUE_RECEIVE ? (sent < max ? sent : max) : max, 0, 0};
        long done = window_run(&w, &budget, issue, &context, id);
        if (workload == LOCAL_QUEUE_SEND) sent += done;
        bench_figure(id, HOST_SUBJECT, HOST_ROLE, (double)done / (bench_now() - budget.start), "ops/s");
    }
    window_destroy(&w);
    ck_loader_close(context.cloud);
    return 0;
}
