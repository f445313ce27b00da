/*
 * A C host that lets libcloudkit-loader (abi/cloudkit_loader.h) choose,
 * find, load and open the provider, then puts and gets an object through
 * it. Built by the test suite with -std=c99 -Wall -Wextra -Werror -pedantic
 * under AddressSanitizer and UBSan, together with the loader's own sources.
 *
 * usage: loader_host [--provider NAME|PATH] [--config FILE] [--chdir DIR]
 *                    [--log] [--list | --locate NAME|-] [KEY=VALUE option ...]
 * Prints what was loaded (provider, path, source, config, agreed minor, each
 * option) and "ok"; on a failure "error KIND CODE: MESSAGE", exit status 1.
 */
#include "test_host.h"
#include "cloudkit_loader.h"

#include <unistd.h>

static void on_info(void *user_data, const ck_status *status, const ck_object_info *info) {
    (void)info;
    on_done(user_data, status);
}

static void on_get(void *user_data, const ck_status *status, const ck_object_info *info, const uint8_t *data, size_t length) {
    result *r = user_data;
    (void)info;
    if (data && length < sizeof r->text) memcpy(r->text, data, length);
    on_done(user_data, status);
}

static int failed(const ck_loader_error *error) {
    printf("error %s %s: %s\n", ck_kind_name(error->kind), error->code, error->message);
    return 1;
}

/* Creates a bucket (it may exist), puts an object and reads it back. */
static int round_trip(const ck_loaded *cloud) {
    const ck_storage_v1 *storage = cloud->provider->storage;
    const char *body = "through the loader";
    ck_put_object_request put;
    ck_get_object_request get;
    result r;
    if (!storage) return 1;
    memset(&put, 0, sizeof put);
    put.struct_size = sizeof put;
    put.bucket = "ck-loader";
    put.key = "k";
    put.data = (const uint8_t *)body;
    put.data_length = strlen(body);
    memset(&get, 0, sizeof get);
    get.struct_size = sizeof get;
    get.bucket = "ck-loader";
    get.key = "k";
    result_init(&r);
    storage->create_bucket(cloud->client, "ck-loader", on_done, &r);
    ck_sync_wait(&r.sync);
    ck_sync_destroy(&r.sync);
    if (r.kind != CK_OK && r.kind != CK_ERR_ALREADY_EXISTS) {
        fprintf(stderr, "create_bucket: kind %d: %s\n", (int)r.kind, r.message);
        return 0;
    }
    result_init(&r);
    storage->put_object(cloud->client, &put, on_info, &r);
    if (!expect_ok("put_object", &r)) return 0;
    result_init(&r);
    storage->get_object(cloud->client, &get, on_get, &r);
    if (!expect_ok("get_object", &r)) return 0;
    return strcmp(r.text, body) == 0;
}

static void print_loaded(const ck_loaded *cloud) {
    size_t i;
    printf("provider %s\npath %s\n", cloud->name, cloud->path);
    printf("source %s\nconfig %s\n", cloud->choice->source, cloud->choice->config_path ? cloud->choice->config_path : "-");
    printf("agreed %u.%u\n", (unsigned)cloud->abi_major, (unsigned)cloud->agreed_minor);
    for (i = 0; i < cloud->options->count; i++) {
        printf("option %s=%s\n", cloud->options->pairs[i].key, cloud->options->pairs[i].value);
    }
}

static int list(const ck_loader_request *request) {
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    ck_loader_search *search;
    size_t i;
    if (ck_loader_list(request, &search, &error) != CK_OK) return failed(&error);
    for (i = 0; i < search->directory_count; i++) printf("searched %s\n", search->directories[i]);
    for (i = 0; i < search->found_count; i++) printf("found %s %s\n", search->found[i]->name, search->found[i]->path);
    ck_loader_search_free(search);
    printf("ok\n");
    return 0;
}

static int locate(const ck_loader_request *request, const char *name) {
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    char path[4096];
    if (ck_loader_locate(request, strcmp(name, "-") == 0 ? NULL : name, path, sizeof path, &error) != CK_OK) return failed(&error);
    printf("located %s\nok\n", path);
    return 0;
}

int main(int argc, char **argv) {
    ck_loader_request request;
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    ck_host host;
    ck_pair options[16];
    ck_loaded *cloud;
    const char *locate_name = NULL;
    int listing = 0, i, ok;

    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.options = options;
    for (i = 1; i < argc; i++) {
        char *equals = strchr(argv[i], '=');
        if (strcmp(argv[i], "--provider") == 0 && i + 1 < argc) request.provider = argv[++i];
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) request.config_path = argv[++i];
        else if (strcmp(argv[i], "--chdir") == 0 && i + 1 < argc) {
            if (chdir(argv[++i]) != 0) return 2;
        } else if (strcmp(argv[i], "--log") == 0) {
            ck_loader_default_host(&host);
            host.log = ck_loader_log_to_stderr;
            host.log_level = CK_LOG_TRACE;
            request.host = &host;
        } else if (strcmp(argv[i], "--list") == 0) listing = 1;
        else if (strcmp(argv[i], "--locate") == 0 && i + 1 < argc) locate_name = argv[++i];
        else if (equals && request.option_count < 16) {
            *equals = '\0';
            options[request.option_count].key = argv[i];
            options[request.option_count].value = equals + 1;
            request.option_count++;
        } else {
            fprintf(stderr, "usage: %s [--provider P] [--config FILE] [--chdir DIR] [--log] [--list | --locate NAME|-] [KEY=VALUE ...]\n", argv[0]);
            return 2;
        }
    }
    if (listing) return list(&request);
    if (locate_name) return locate(&request, locate_name);
    if (ck_loader_open(&request, &cloud, &error) != CK_OK) return failed(&error);
    print_loaded(cloud);
    ok = round_trip(cloud);
    ck_loader_close(cloud);
    printf("%s\n", ok ? "ok" : "round trip failed");
    return ok ? 0 : 1;
}
