/*
 * cloudkit_host.c — the C ABI contender: cloudkit loaded and called from C.
 *
 *   cloudkit_host s3-small --endpoint URL --bucket B --cells PUT:4096:1,... --seconds S --max N
 *   cloudkit_host s3-large --endpoint URL --bucket B --op OP --bytes N --key K [--file PATH]
 *   cloudkit_host local --seconds S --max N
 *
 * Providers are found as usual (CLOUDKIT_PLUGIN_PATH: bench/run points it
 * at the build folder).
 */
#include "bench.h"
#include "cloudkit_host.h"

#include <string.h>

ck_loaded *host_open(const char *provider, const ck_pair *options, size_t option_count) {
    ck_loader_request request;
    memset(&request, 0, sizeof request);
    request.struct_size = sizeof request;
    request.provider = provider;
    request.options = options;
    request.option_count = option_count;
    ck_loader_error error = CK_LOADER_ERROR_INIT;
    ck_loaded *loaded = NULL;
    if (ck_loader_open(&request, &loaded, &error) != CK_OK) bench_fail("cloudkit: %s", error.message);
    return loaded;
}

int main(int argc, char **argv) {
    if (argc < 2) bench_fail("usage: cloudkit_host s3-small|s3-large|local ...");
    if (strcmp(argv[1], "s3-small") == 0) return host_s3_small(argc, argv);
    if (strcmp(argv[1], "s3-large") == 0) return host_s3_large(argc, argv);
    if (strcmp(argv[1], "local") == 0) return host_local(argc, argv);
    bench_fail("unknown command '%s'", argv[1]);
    return 2;
}
