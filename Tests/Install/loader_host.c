/*
 * A C host that finds, loads and opens a provider through
 * libcloudkit-loader.so, as an installed program would. .ci/install-check
 * builds it with `pkg-config --cflags --libs cloudkit` outside the tree (so
 * the loader finds the providers in PREFIX/lib/cloudkit, beside itself) and
 * runs it.
 *
 * Usage: loader_host PROVIDER [KEY=VALUE ...]
 * Creates a bucket, then prints "NAME PROVIDER_VERSION CLOUDKIT_VERSION".
 */
#define _POSIX_C_SOURCE 200809L
#include "cloudkit_loader.h"
#include "cloudkit_version.h"

#include <stdio.h>
#include <string.h>

/* What the completion hands back to the waiting main thread. */
typedef struct done {
    ck_sync sync;
    int32_t kind;
} done;

static void on_done(void *user_data, const ck_status *status) {
    done *d = user_data;
    d->kind = status ? status->kind : CK_ERR_INTERNAL;
    ck_sync_signal(&d->sync);
}

int main(int argc, char **argv) {
    ck_loader_request request;
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    ck_pair options[8];
    size_t count = 0;
    ck_loaded *cloud;
    done d;
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: loader_host PROVIDER [KEY=VALUE ...]\n");
        return 2;
    }
    for (i = 2; i < argc && count < 8; i++) {
        char *equals = strchr(argv[i], '=');
        if (!equals) return 2;
        *equals = '\0';
        options[count].key = argv[i];
        options[count].value = equals + 1;
        count++;
    }
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.provider = argv[1];
    request.options = options;
    request.option_count = count;
    if (ck_loader_open(&request, &cloud, &error) != CK_OK) {
        fprintf(stderr, "%s: %s\n", error.code, error.message);
        return 1;
    }
    memset(&d, 0, sizeof d);
    ck_sync_init(&d.sync);
    cloud->provider->storage->create_bucket(cloud->client, "loader-host", on_done, &d);
    ck_sync_wait(&d.sync);
    ck_sync_destroy(&d.sync);
    if (d.kind != CK_OK) {
        fprintf(stderr, "create_bucket: %s\n", ck_kind_name(d.kind));
        ck_loader_close(cloud);
        return 1;
    }
    printf("%s %s %s\n", cloud->name, cloud->provider->version, CLOUDKIT_VERSION);
    ck_loader_close(cloud);
    return 0;
}
