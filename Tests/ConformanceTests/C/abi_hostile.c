/*
 * A hostile C host: calls every entry of every table a provider fills with
 * NULL requests, NULL or invalid UTF-8 strings, a NULL client, too-small
 * structs, NULL arrays with non-zero counts and out-of-range numbers, and
 * checks that each call completes exactly once with CK_ERR_INVALID_ARGUMENT
 * and a message, never crashing (the program runs under AddressSanitizer).
 * A NULL callback must not crash either. Entries a provider leaves NULL
 * (unsupported) are not called. Built with -std=c99 -Wall -Wextra -Werror
 * -pedantic.
 *
 * usage: abi_hostile LIBRARY [KEY=VALUE option ...]
 * exit status 0 when every call behaved.
 */
#include "test_host.h"

#include <pthread.h>
#include <time.h>

#define MAX_PROBES 128

/* One call's completions, counted under a lock. */
typedef struct probe {
    const char *what;
    int calls;
    int32_t kind;
    char message[512];
} probe;

static probe probes[MAX_PROBES];
static int probe_count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

static probe *next_probe(const char *what) {
    probe *p = &probes[probe_count++];
    memset(p, 0, sizeof *p);
    p->what = what;
    return p;
}

static void hit(void *user_data, const ck_status *status) {
    probe *p = user_data;
    pthread_mutex_lock(&lock);
    p->calls++;
    p->kind = status ? status->kind : -1;
    if (status && status->message) strncpy(p->message, status->message, sizeof p->message - 1);
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

/* One callback per signature, all recording into the probe. */
static void on_status(void *u, const ck_status *s) { hit(u, s); }
static void on_string(void *u, const ck_status *s, const char *v) { (void)v; hit(u, s); }
static void on_info(void *u, const ck_status *s, const ck_object_info *i) { (void)i; hit(u, s); }
static void on_get(void *u, const ck_status *s, const ck_object_info *i, const uint8_t *d, size_t n) { (void)i; (void)d; (void)n; hit(u, s); }
static void on_list(void *u, const ck_status *s, const ck_list_objects_result *r) { (void)r; hit(u, s); }
static void on_item(void *u, const ck_status *s, const char *j) { (void)j; hit(u, s); }
static void on_items(void *u, const ck_status *s, const char *const *j, size_t n, const char *t) { (void)j; (void)n; (void)t; hit(u, s); }
static void on_sent(void *u, const ck_status *s, const char *m, const char *q) { (void)m; (void)q; hit(u, s); }
static void on_batch(void *u, const ck_status *s, const ck_batch_entry *const *e, size_t n) { (void)e; (void)n; hit(u, s); }
static void on_messages(void *u, const ck_status *s, const ck_message *const *m, size_t n) { (void)m; (void)n; hit(u, s); }
static void on_counts(void *u, const ck_status *s, const ck_queue_counts *c) { (void)c; hit(u, s); }
static void on_subscriptions(void *u, const ck_status *s, const ck_subscription *const *l, size_t n, const char *t) { (void)l; (void)n; (void)t; hit(u, s); }
static void on_invoke(void *u, const ck_status *s, const ck_invoke_result *r) { (void)r; hit(u, s); }
static void on_function(void *u, const ck_status *s, const ck_function_info *i) { (void)i; hit(u, s); }
static void on_functions(void *u, const ck_status *s, const ck_function_info *const *l, size_t n, const char *t) { (void)l; (void)n; (void)t; hit(u, s); }

/* Waits up to 30 s for every probe to complete, then a moment more to catch second completions. */
static int check_all(void) {
    struct timespec deadline;
    int i, ok = 1, pending = 1;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 30;
    pthread_mutex_lock(&lock);
    while (pending) {
        pending = 0;
        for (i = 0; i < probe_count; i++) if (probes[i].calls == 0) pending = 1;
        if (pending && pthread_cond_timedwait(&changed, &lock, &deadline) != 0) break;
    }
    pthread_mutex_unlock(&lock);
    {
        struct timespec pause = {0, 300000000L};
        nanosleep(&pause, NULL);
    }
    pthread_mutex_lock(&lock);
    for (i = 0; i < probe_count; i++) {
        const probe *p = &probes[i];
        if (p->calls != 1) {
            fprintf(stderr, "%s: completed %d times\n", p->what, p->calls);
            ok = 0;
        } else if (p->kind != CK_ERR_INVALID_ARGUMENT) {
            fprintf(stderr, "%s: kind %d, not invalid argument: %s\n", p->what, (int)p->kind, p->message);
            ok = 0;
        } else if (p->message[0] == '\0') {
            fprintf(stderr, "%s: no message\n", p->what);
            ok = 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

#define PROBE(what) next_probe(what)
/* Calls an entry the provider fills; a NULL entry means "unsupported", and a host never calls it. */
#define CALL(table, entry, ...) do { if ((table)->entry) (table)->entry(__VA_ARGS__); } while (0)

int main(int argc, char **argv) {
    const ck_provider *provider = NULL;
    ck_client *client;
    const char *bad_utf8 = "bucket-\xff\xfe";

    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY [KEY=VALUE ...]\n", argv[0]);
        return 2;
    }
    client = open_client(argv[1], argc, argv, 2, &provider);
    if (!client) return 1;

    if (provider->storage) {
        const ck_storage_v1 *t = provider->storage;
        ck_put_object_request tiny;
        memset(&tiny, 0, sizeof tiny);
        tiny.struct_size = 1;
        CALL(t, create_bucket, NULL, "b", on_status, PROBE("create_bucket NULL client"));
        CALL(t, create_bucket, client, NULL, on_status, PROBE("create_bucket NULL bucket"));
        CALL(t, create_bucket, client, bad_utf8, on_status, PROBE("create_bucket invalid UTF-8"));
        CALL(t, delete_bucket, client, NULL, on_status, PROBE("delete_bucket NULL"));
        CALL(t, put_object, client, NULL, on_info, PROBE("put_object NULL request"));
        CALL(t, put_object, client, &tiny, on_info, PROBE("put_object struct_size 1"));
        CALL(t, get_object, client, NULL, on_get, PROBE("get_object NULL request"));
        CALL(t, head_object, client, NULL, NULL, on_info, PROBE("head_object NULL names"));
        CALL(t, delete_object, client, "b", NULL, on_status, PROBE("delete_object NULL key"));
        CALL(t, list_objects, client, NULL, on_list, PROBE("list_objects NULL request"));
        CALL(t, copy_object, client, NULL, on_info, PROBE("copy_object NULL request"));
        CALL(t, presign, client, NULL, on_string, PROBE("presign NULL request"));
        CALL(t, create_bucket, client, "never-reported", NULL, NULL);
        {
            static ck_put_object_request holes;
            memset(&holes, 0, sizeof holes);
            holes.struct_size = sizeof holes;
            holes.bucket = "b";
            holes.key = "k";
            holes.data_length = 10;   /* but no data */
            CALL(t, put_object, client, &holes, on_info, PROBE("put_object NULL data, length 10"));
        }
        {
            static ck_put_object_request bad_key;
            memset(&bad_key, 0, sizeof bad_key);
            bad_key.struct_size = sizeof bad_key;
            bad_key.bucket = "b";
            bad_key.key = "k\xc3";   /* a cut UTF-8 sequence */
            CALL(t, put_object, client, &bad_key, on_info, PROBE("put_object invalid UTF-8 key"));
        }
    }
    if (provider->kv) {
        const ck_kv_v1 *t = provider->kv;
        CALL(t, create_table, client, NULL, on_status, PROBE("create_table NULL spec"));
        CALL(t, delete_table, client, NULL, on_status, PROBE("delete_table NULL"));
        CALL(t, put_item, client, NULL, on_status, PROBE("put_item NULL request"));
        CALL(t, get_item, client, NULL, on_item, PROBE("get_item NULL request"));
        CALL(t, delete_item, client, NULL, on_status, PROBE("delete_item NULL request"));
        CALL(t, update_item, client, NULL, on_item, PROBE("update_item NULL request"));
        CALL(t, query, client, NULL, on_items, PROBE("query NULL request"));
        CALL(t, scan, client, NULL, on_items, PROBE("scan NULL request"));
        CALL(t, batch_get, client, NULL, on_items, PROBE("batch_get NULL request"));
        CALL(t, batch_put, client, NULL, on_status, PROBE("batch_put NULL request"));
        CALL(t, transact, client, NULL, 2, on_status, PROBE("transact NULL ops, count 2"));
        {
            static ck_kv_get_request broken;
            memset(&broken, 0, sizeof broken);
            broken.struct_size = sizeof broken;
            broken.table = "t";
            broken.key_json = "{\"pk\":";   /* not JSON */
            CALL(t, get_item, client, &broken, on_item, PROBE("get_item malformed key JSON"));
        }
    }
    if (provider->queue) {
        const ck_queue_v1 *t = provider->queue;
        CALL(t, create_queue, client, NULL, on_string, PROBE("create_queue NULL spec"));
        CALL(t, delete_queue, client, NULL, on_status, PROBE("delete_queue NULL"));
        CALL(t, send, client, NULL, on_sent, PROBE("send NULL request"));
        CALL(t, send_batch, client, NULL, 3, on_batch, PROBE("send_batch NULL entries, count 3"));
        CALL(t, receive, client, NULL, on_messages, PROBE("receive NULL request"));
        CALL(t, ack, client, NULL, NULL, on_status, PROBE("ack NULL queue and handle"));
        CALL(t, ack_batch, client, "q", NULL, 2, on_batch, PROBE("ack_batch NULL handles, count 2"));
        CALL(t, change_visibility, client, NULL, NULL, 0, on_status, PROBE("change_visibility NULL"));
        CALL(t, purge, client, NULL, on_status, PROBE("purge NULL"));
        CALL(t, counts, client, NULL, on_counts, PROBE("counts NULL"));
        {
            static ck_receive_request greedy, patient;
            memset(&greedy, 0, sizeof greedy);
            greedy.struct_size = sizeof greedy;
            greedy.queue = "q";
            greedy.max_messages = 11;
            greedy.visibility_timeout_seconds = -1;
            CALL(t, receive, client, &greedy, on_messages, PROBE("receive max_messages 11"));
            patient = greedy;
            patient.max_messages = 1;
            patient.wait_seconds = 21;
            CALL(t, receive, client, &patient, on_messages, PROBE("receive wait_seconds 21"));
        }
    }
    if (provider->pubsub) {
        const ck_pubsub_v1 *t = provider->pubsub;
        CALL(t, create_topic, client, NULL, on_string, PROBE("create_topic NULL spec"));
        CALL(t, delete_topic, client, NULL, on_status, PROBE("delete_topic NULL"));
        CALL(t, publish, client, NULL, on_sent, PROBE("publish NULL request"));
        CALL(t, publish_batch, client, NULL, 2, on_batch, PROBE("publish_batch NULL entries, count 2"));
        CALL(t, subscribe, client, NULL, on_string, PROBE("subscribe NULL request"));
        CALL(t, unsubscribe, client, NULL, on_status, PROBE("unsubscribe NULL"));
        CALL(t, list_subscriptions, client, NULL, NULL, on_subscriptions, PROBE("list_subscriptions NULL topic"));
    }
    if (provider->functions) {
        const ck_functions_v1 *t = provider->functions;
        CALL(t, invoke, client, NULL, on_invoke, PROBE("invoke NULL request"));
        CALL(t, get_function, client, NULL, NULL, on_function, PROBE("get_function NULL name"));
        CALL(t, list_functions, client, NULL, 51, on_functions, PROBE("list_functions max_items 51"));
        CALL(t, list_functions, client, NULL, -1, on_functions, PROBE("list_functions max_items -1"));
        {
            static ck_invoke_request hollow, unknown;
            memset(&hollow, 0, sizeof hollow);
            hollow.struct_size = sizeof hollow;
            hollow.function = "f";
            hollow.payload_length = 5;   /* but no payload */
            CALL(t, invoke, client, &hollow, on_invoke, PROBE("invoke NULL payload, length 5"));
            unknown = hollow;
            unknown.payload_length = 0;
            unknown.invocation_type = 7;
            CALL(t, invoke, client, &unknown, on_invoke, PROBE("invoke unknown invocation type"));
        }
    }
    if (CK_HAS_MEMBER(provider, ck_provider, identity) && provider->identity) {
        provider->identity(NULL, on_string, PROBE("identity NULL client"));
    }
    if (!check_all()) return 1;
    provider->client_close(client);
    printf("ok: %d hostile calls each completed once with invalid argument\n", probe_count);
    return 0;
}
