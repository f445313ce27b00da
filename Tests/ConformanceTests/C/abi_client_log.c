/*
 * A log sink per client (ABI 1.5, ck_provider.set_client_log): once a
 * client has its own sink, the lines about its calls go there and not to
 * the ck_host's callback; another client's still go to the host's; the
 * sink's level filters; a NULL sink silences the client. Built with
 * -std=c99 -Wall -Wextra -Werror -pedantic and run under ASan.
 *
 * usage: abi_client_log LIBRARY BUCKET [KEY=VALUE option ...]
 */
#include "test_host.h"

#include <pthread.h>

/* The lines one sink received, under a lock (the provider logs from any thread). */
typedef struct sink {
    pthread_mutex_t lock;
    int lines;
    char text[16384];
} sink;

static void sink_init(sink *s) {
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

static void on_log(void *user_data, int32_t level, const char *message) {
    sink *s = user_data;
    size_t used, room;
    (void)level;
    pthread_mutex_lock(&s->lock);
    s->lines++;
    used = strlen(s->text);
    room = sizeof s->text - used;
    if (room > 1) snprintf(s->text + used, room, "%s\n", message);
    pthread_mutex_unlock(&s->lock);
}

/* Whether `s` received a line containing `needle`; then forgets what it received. */
static int saw(sink *s, const char *needle) {
    int found;
    pthread_mutex_lock(&s->lock);
    found = strstr(s->text, needle) != NULL;
    s->text[0] = '\0';
    s->lines = 0;
    pthread_mutex_unlock(&s->lock);
    return found;
}

static ck_client *open_one(const ck_provider *provider, const ck_pair *options, long count) {
    result r;
    result_init(&r);
    provider->client_open(options, (size_t)count, on_open, &r);
    return expect_ok("client_open", &r) ? r.client : NULL;
}

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    (void)info;
    on_done(user_data, status);
}

/* A head_object of a key that does not exist: a call that logs a line and completes with CK_ERR_NOT_FOUND. */
static int head_missing(const ck_provider *provider, ck_client *client, const char *bucket) {
    result r;
    result_init(&r);
    provider->storage->head_object(client, bucket, "absent-key", on_info, &r);
    return expect_kind("head_object", &r, CK_ERR_NOT_FOUND);
}

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); return 1; } while (0)

int main(int argc, char **argv) {
    static sink host_sink, client_sink, strict_sink;
    const ck_provider *provider;
    ck_host host;
    ck_pair options[16];
    long count;
    ck_client *logged, *plain;
    result r;

    if (argc < 3) FAIL("usage: %s LIBRARY BUCKET [KEY=VALUE ...]", argv[0]);
    count = parse_options(argc, argv, 3, options, 16);
    if (count < 0) return 1;
    sink_init(&host_sink);
    sink_init(&client_sink);
    sink_init(&strict_sink);
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.abi_major = CK_ABI_VERSION_MAJOR;
    host.abi_minor = CK_ABI_VERSION_MINOR;
    host.log = on_log;
    host.log_user_data = &host_sink;
    host.log_level = CK_LOG_TRACE;
    provider = load_provider(argv[1], &host);
    if (!provider || !provider->storage) FAIL("provider unusable or without storage");
    if (!CK_HAS_MEMBER(provider, ck_provider, set_client_log) || !provider->set_client_log) {
        FAIL("provider %s (ABI %u.%u) has no set_client_log", provider->name, (unsigned)provider->abi_major, (unsigned)provider->abi_minor);
    }
    logged = open_one(provider, options, count);
    plain = open_one(provider, options, count);
    if (!logged || !plain) return 1;
    (void)saw(&host_sink, "");

    /* The client's own sink gets its lines; the host's does not. */
    provider->set_client_log(logged, on_log, &client_sink, CK_LOG_DEBUG);
    result_init(&r);
    provider->storage->create_bucket(logged, argv[2], on_done, &r);
    if (!expect_ok("create_bucket", &r)) return 1;
    if (!saw(&client_sink, "storage.create_bucket")) FAIL("the client's sink did not get the create_bucket line");
    if (saw(&host_sink, "storage.create_bucket")) FAIL("the host's sink got a line of a client with its own sink");

    /* A client without a sink of its own still logs through the host. */
    if (!head_missing(provider, plain, argv[2])) return 1;
    if (!saw(&host_sink, "storage.head_object")) FAIL("the host's sink did not get the line of a client without its own");
    if (saw(&client_sink, "storage.head_object")) FAIL("another client's line reached this client's sink");

    /* The sink's level filters: a debug line does not reach an error-level sink. */
    provider->set_client_log(logged, on_log, &strict_sink, CK_LOG_ERROR);
    if (!head_missing(provider, logged, argv[2])) return 1;
    if (saw(&strict_sink, "storage.head_object")) FAIL("a debug line reached a sink that asked for errors only");
    if (saw(&client_sink, "storage.head_object") || saw(&host_sink, "storage.head_object")) FAIL("a replaced sink still got lines");

    /* A NULL sink silences the client. */
    provider->set_client_log(logged, NULL, NULL, CK_LOG_TRACE);
    result_init(&r);
    provider->storage->delete_bucket(logged, argv[2], on_done, &r);
    if (!expect_ok("delete_bucket", &r)) return 1;
    if (saw(&host_sink, "storage.delete_bucket") || saw(&client_sink, "storage.delete_bucket") || saw(&strict_sink, "storage.delete_bucket")) {
        FAIL("a silenced client still logged");
    }
    provider->client_close(logged);
    provider->client_close(plain);
    printf("ok: each client's lines went where its host said\n");
    return 0;
}
