/*
 * Secrets never reach a log line or an error message: a host that asks for
 * every log line (trace level) opens an AWS client with a recognisable
 * secret key and session token, makes calls that succeed and calls that
 * fail, and checks that no log line and no status message contains the
 * secret, the token or a request signature. Built with -std=c99 -Wall
 * -Wextra -Werror -pedantic and run under ASan.
 *
 * usage: abi_secrets LIBRARY BUCKET endpoint_url=URL
 */
#include "test_host.h"

#include <pthread.h>

#define SECRET "SeCrEtKeY0123456789abcdefghijABCDEFGHIJzz"
#define TOKEN "ToKeN0123456789SESSIONtokenVALUEzz"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_lines;
static int leaks;

/* True when `text` contains anything that must stay private. */
static int leaks_secret(const char *text) {
    return text && (strstr(text, SECRET) || strstr(text, TOKEN) || strstr(text, "Signature=") || strstr(text, "X-Amz-Signature"));
}

static void on_log(void *user_data, int32_t level, const char *message) {
    (void)user_data;
    (void)level;
    pthread_mutex_lock(&log_lock);
    log_lines++;
    if (leaks_secret(message)) {
        leaks++;
        fprintf(stderr, "a log line leaks a secret: %s\n", message);
    }
    pthread_mutex_unlock(&log_lock);
}

/* Records the outcome and checks the status for secrets. */
static void check_status(result *r, const ck_status *status) {
    copy_status(r, status);
    if (status && (leaks_secret(status->message) || leaks_secret(status->code) || leaks_secret(status->details_json))) {
        pthread_mutex_lock(&log_lock);
        leaks++;
        pthread_mutex_unlock(&log_lock);
        fprintf(stderr, "a status leaks a secret: %s\n", status->message);
    }
}

static void on_status(void *user_data, const ck_status *status) {
    check_status(user_data, status);
    ck_sync_signal(&((result *)user_data)->sync);
}

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    (void)info;
    on_status(user_data, status);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    (void)info;
    (void)data;
    (void)length;
    on_status(user_data, status);
}

static void on_open_checked(void *user_data, const ck_status *status, ck_client *client) {
    result *r = user_data;
    check_status(r, status);
    r->client = client;
    ck_sync_signal(&r->sync);
}

/* Runs one call and waits; returns the status kind. */
#define WAIT(r) (ck_sync_wait(&(r).sync), ck_sync_destroy(&(r).sync), (r).kind)

int main(int argc, char **argv) {
    void *library;
    ck_provider_init_fn init;
    const ck_provider *provider;
    ck_host host;
    ck_pair options[5];
    ck_client *client;
    result r;
    const char *bucket;
    const char *endpoint;

    if (argc < 4 || strncmp(argv[3], "endpoint_url=", 13) != 0) {
        fprintf(stderr, "usage: %s LIBRARY BUCKET endpoint_url=URL\n", argv[0]);
        return 2;
    }
    bucket = argv[2];
    endpoint = argv[3] + 13;
    library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) return 1;
    *(void **)(&init) = dlsym(library, CK_PROVIDER_INIT_SYMBOL);
    if (!init) return 1;
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.abi_major = CK_ABI_VERSION_MAJOR;
    host.abi_minor = CK_ABI_VERSION_MINOR;
    host.log = on_log;
    host.log_level = CK_LOG_TRACE;
    provider = init(&host);
    if (!provider) return 1;

    options[0].key = "endpoint_url";
    options[0].value = endpoint;
    options[1].key = "region";
    options[1].value = "us-east-1";
    options[2].key = "access_key_id";
    options[2].value = "AKIAEXAMPLESECRETS01";
    options[3].key = "secret_access_key";
    options[3].value = SECRET;
    options[4].key = "session_token";
    options[4].value = TOKEN;
    result_init(&r);
    provider->client_open(options, 5, on_open_checked, &r);
    if (WAIT(r) != CK_OK) return 1;
    client = r.client;

    result_init(&r);
    provider->storage->create_bucket(client, bucket, on_status, &r);
    if (WAIT(r) != CK_OK) return 1;
    {
        ck_put_object_request put;
        memset(&put, 0, sizeof put);
        put.struct_size = sizeof put;
        put.bucket = bucket;
        put.key = "k";
        put.data = (const uint8_t *)"v";
        put.data_length = 1;
        result_init(&r);
        provider->storage->put_object(client, &put, on_info, &r);
        if (WAIT(r) != CK_OK) return 1;
    }
    {
        ck_get_object_request get;
        memset(&get, 0, sizeof get);
        get.struct_size = sizeof get;
        get.bucket = bucket;
        get.key = "missing";
        result_init(&r);
        provider->storage->get_object(client, &get, on_get, &r);
        if (WAIT(r) != CK_ERR_NOT_FOUND) return 1;
    }
    result_init(&r);
    provider->storage->head_object(client, "no-such-bucket-for-secrets", "k", on_info, &r);
    if (WAIT(r) == CK_OK) return 1;
    provider->client_close(client);

    /* A client whose options are wrong: the error names the option, not its value. */
    options[4].key = "session_token";
    options[4].value = TOKEN;
    options[2].key = "access_key_id";
    options[2].value = "";
    result_init(&r);
    provider->client_open(options, 5, on_open_checked, &r);
    if (WAIT(r) == CK_OK) return 1;

    if (log_lines == 0) {
        fprintf(stderr, "no log lines at trace level: nothing was checked\n");
        return 1;
    }
    if (leaks) return 1;
    printf("ok: %d log lines and every status free of secrets\n", log_lines);
    return 0;
}
