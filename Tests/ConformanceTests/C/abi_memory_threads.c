/*
 * The memory provider under many threads (abi/cloudkit.h alone): threads
 * hammer one client with puts, gets, heads, listings, deletes and
 * key-value updates; each call must complete exactly once with its own
 * result, and the atomic additions must all count. Then ck_provider.cancel
 * stops one endless upload by its user_data and leaves another call alone,
 * and client_close cancels an endless upload running on another thread and
 * returns only after its completion. Nothing here waits on a clock: every
 * wait is for an event. Built with -std=c99 -Wall -Wextra -Werror -pedantic
 * and run under AddressSanitizer and UndefinedBehaviorSanitizer.
 *
 * usage: abi_memory_threads LIBRARY
 * exit status 0 when every step behaved as expected.
 */
#include "test_host.h"

#include <pthread.h>

#define THREADS 8
#define ROUNDS 150

static const ck_provider *p;

/* One call's completion: how often it came and with what. */
typedef struct call {
    ck_sync sync;
    int completions;
    int32_t kind;
    size_t count;
    char text[256];
} call;

static void call_init(call *k) {
    memset(k, 0, sizeof *k);
    ck_sync_init(&k->sync);
}

/* Waits for the call; its kind, or -1 when it completed more or less than once. */
static int32_t call_wait(call *k) {
    ck_sync_wait(&k->sync);
    ck_sync_destroy(&k->sync);
    return k->completions == 1 ? k->kind : -1;
}

static void complete(call *k, const ck_status *status) {
    k->completions++;
    k->kind = status ? status->kind : CK_ERR_INTERNAL;
    ck_sync_signal(&k->sync);
}

static void on_call_done(void *user_data, const ck_status *status) { complete(user_data, status); }

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    call *k = user_data;
    k->count = info ? (size_t)info->size : 0;
    complete(k, status);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    call *k = user_data;
    (void)info;
    if (data && length < sizeof k->text) memcpy(k->text, data, length);
    k->count = length;
    complete(k, status);
}

static void on_list(void *user_data, const ck_status *status, const ck_list_objects_result *listing) {
    call *k = user_data;
    k->count = listing ? listing->object_count : 0;
    complete(k, status);
}

static void on_item(void *user_data, const ck_status *status, const char *item_json) {
    call *k = user_data;
    if (item_json) strncpy(k->text, item_json, sizeof k->text - 1);
    complete(k, status);
}

/* One worker's share: its own keys, and the shared counter. */
typedef struct worker {
    pthread_t thread;
    ck_client *client;
    int index;
    int failures;
} worker;

static void fail(worker *w, const char *what, int round, int32_t kind) {
    fprintf(stderr, "thread %d round %d: %s completed with %d\n", w->index, round, what, (int)kind);
    w->failures++;
}

/* Puts, reads back, heads and (every other round) deletes its own key, and adds 1 to the shared counter. */
static void work_round(worker *w, int round) {
    char key[32], body[32];
    ck_put_object_request put;
    ck_get_object_request get;
    ck_kv_update_request update;
    call k;
    snprintf(key, sizeof key, "t%d/k%03d", w->index, round);
    snprintf(body, sizeof body, "body %d.%d", w->index, round);
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = "hammer";
    put.key = key;
    put.data = (const uint8_t *)body;
    put.data_length = strlen(body);
    call_init(&k);
    p->storage->put_object(w->client, &put, on_info, &k);
    if (call_wait(&k) != CK_OK || k.count != strlen(body)) fail(w, "put_object", round, k.kind);
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.bucket = "hammer";
    get.key = key;
    call_init(&k);
    p->storage->get_object(w->client, &get, on_get, &k);
    if (call_wait(&k) != CK_OK || k.count != strlen(body) || memcmp(k.text, body, k.count) != 0) fail(w, "get_object", round, k.kind);
    call_init(&k);
    p->storage->head_object(w->client, "hammer", key, on_info, &k);
    if (call_wait(&k) != CK_OK) fail(w, "head_object", round, k.kind);
    if (round % 2) {
        call_init(&k);
        p->storage->delete_object(w->client, "hammer", key, on_call_done, &k);
        if (call_wait(&k) != CK_OK) fail(w, "delete_object", round, k.kind);
    }
    memset(&update, 0, sizeof update);
    update.struct_size = sizeof update;
    update.table = "ck-hammer";
    update.key_json = "{\"pk\":\"counter\"}";
    update.add_json = "{\"n\":1}";
    call_init(&k);
    p->kv->update_item(w->client, &update, on_item, &k);
    if (call_wait(&k) != CK_OK) fail(w, "update_item", round, k.kind);
}

static void *work(void *context) {
    worker *w = context;
    char prefix[16];
    ck_list_objects_request list;
    call k;
    int round;
    for (round = 0; round < ROUNDS; round++) work_round(w, round);
    snprintf(prefix, sizeof prefix, "t%d/", w->index);
    memset(&list, 0, sizeof list);
    list.struct_size = sizeof list;
    list.bucket = "hammer";
    list.prefix = prefix;
    call_init(&k);
    p->storage->list_objects(w->client, &list, on_list, &k);
    if (call_wait(&k) != CK_OK || k.count != ROUNDS / 2) fail(w, "list_objects (expected half the keys)", ROUNDS, k.kind);
    return NULL;
}

/* Many threads on one client; every call completes once, every addition counts. */
static int hammer(ck_client *client) {
    worker workers[THREADS];
    ck_kv_table_spec spec;
    ck_kv_get_request get;
    call k;
    char expected[64];
    int i, failures = 0;
    call_init(&k);
    p->storage->create_bucket(client, "hammer", on_call_done, &k);
    if (call_wait(&k) != CK_OK) return 0;
    memset(&spec, 0, sizeof spec);
    spec.struct_size = sizeof spec;
    spec.table = "ck-hammer";
    spec.partition_key = "pk";
    call_init(&k);
    p->kv->create_table(client, &spec, on_call_done, &k);
    if (call_wait(&k) != CK_OK) return 0;
    for (i = 0; i < THREADS; i++) {
        workers[i].client = client;
        workers[i].index = i;
        workers[i].failures = 0;
        if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0) return 0;
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(workers[i].thread, NULL);
        failures += workers[i].failures;
    }
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.table = "ck-hammer";
    get.key_json = "{\"pk\":\"counter\"}";
    call_init(&k);
    p->kv->get_item(client, &get, on_item, &k);
    snprintf(expected, sizeof expected, "{\"n\":%d,\"pk\":\"counter\"}", THREADS * ROUNDS);
    if (call_wait(&k) != CK_OK || strcmp(k.text, expected) != 0) {
        fprintf(stderr, "the counter is %s, expected %s\n", k.text, expected);
        return 0;
    }
    printf("%d threads x %d rounds on one client: every call completed once\n", THREADS, ROUNDS);
    return failures == 0;
}

/* An upload that never ends by itself: a byte a call, of a body far longer than will ever be read. */
typedef struct endless {
    ck_client *client;
    ck_sync started;       /* signalled on the first read */
    int reads;
    int cancel_itself;     /* the first read cancels the call through ck_provider.cancel */
    call done;
} endless;

static int64_t read_endless(void *context, uint8_t *buffer, size_t capacity) {
    endless *e = context;
    (void)capacity;
    if (e->reads++ == 0) {
        if (e->cancel_itself) p->cancel(e->client, &e->done);
        ck_sync_signal(&e->started);
    }
    buffer[0] = 'x';
    return 1;
}

static void put_endless(endless *e) {
    ck_put_object_request put;
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = "endless";
    put.key = "never";
    put.read = read_endless;
    put.read_context = e;
    put.content_length = (int64_t)1 << 32;
    p->storage->put_object(e->client, &put, on_info, &e->done);
}

static void *put_endless_thread(void *context) {
    put_endless(context);
    return NULL;
}

static void endless_init(endless *e, ck_client *client, int cancel_itself) {
    memset(e, 0, sizeof *e);
    e->client = client;
    e->cancel_itself = cancel_itself;
    ck_sync_init(&e->started);
    call_init(&e->done);
}

/* cancel stops the call started with that user_data, once; NULL and unknown user_data cancel nothing. */
static int cancel_one(ck_client *client) {
    endless e;
    call k;
    p->cancel(client, NULL);
    p->cancel(client, &k);
    call_init(&k);
    p->storage->create_bucket(client, "endless", on_call_done, &k);
    if (call_wait(&k) != CK_OK) return 0;
    endless_init(&e, client, 1);
    put_endless(&e);
    ck_sync_wait(&e.started);
    ck_sync_destroy(&e.started);
    if (call_wait(&e.done) != CK_ERR_CANCELLED) {
        fprintf(stderr, "the cancelled upload completed %d times, with %d\n", e.done.completions, (int)e.done.kind);
        return 0;
    }
    call_init(&k);
    p->storage->head_object(client, "endless", "never", on_info, &k);
    if (call_wait(&k) != CK_ERR_NOT_FOUND) {
        fprintf(stderr, "a cancelled upload was stored\n");
        return 0;
    }
    return 1;
}

/* client_close cancels the upload running on another thread and returns after its completion. */
static int close_in_flight(const char *library) {
    ck_client *client;
    pthread_t thread;
    endless e;
    call k;
    int completions;
    client = open_client(library, 0, NULL, 0, &p);
    if (!client) return 0;
    call_init(&k);
    p->storage->create_bucket(client, "endless", on_call_done, &k);
    if (call_wait(&k) != CK_OK) return 0;
    endless_init(&e, client, 0);
    if (pthread_create(&thread, NULL, put_endless_thread, &e) != 0) return 0;
    ck_sync_wait(&e.started);
    ck_sync_destroy(&e.started);
    p->client_close(client);
    pthread_mutex_lock(&e.done.sync.mutex);
    completions = e.done.completions; /* already set: close returned after the completion */
    pthread_mutex_unlock(&e.done.sync.mutex);
    pthread_join(thread, NULL);
    if (completions != 1 || call_wait(&e.done) != CK_ERR_CANCELLED) {
        fprintf(stderr, "the upload in flight at close completed %d times, with %d\n", completions, (int)e.done.kind);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    ck_client *client;
    int ok;
    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
        return 2;
    }
    client = open_client(argv[1], argc, argv, 2, &p);
    if (!client || !p->storage || !p->kv || !CK_HAS_MEMBER(p, ck_provider, cancel) || !p->cancel) return 1;
    ok = hammer(client) && cancel_one(client);
    p->client_close(client);
    ok = ok && close_in_flight(argv[1]);
    printf(ok ? "ok\n" : "FAILED\n");
    return ok ? 0 : 1;
}
