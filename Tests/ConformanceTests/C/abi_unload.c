/*
 * A provider whose runtime cannot be unloaded stays loaded after dlclose:
 * it pins itself when initialised (the run-time form of `-z nodelete`), so
 * its table stays readable and dlopen(RTLD_NOLOAD) still finds it.
 * Usage: abi_unload LIBRARY
 */
#define _POSIX_C_SOURCE 200809L
#include "cloudkit.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    void *library;
    ck_provider_init_fn init;
    const ck_provider *provider;
    ck_host host;

    if (argc != 2) {
        fprintf(stderr, "usage: abi_unload LIBRARY\n");
        return 2;
    }
    library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    *(void **)(&init) = dlsym(library, CK_PROVIDER_INIT_SYMBOL);
    if (!init) {
        fprintf(stderr, "no %s\n", CK_PROVIDER_INIT_SYMBOL);
        return 1;
    }
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.abi_major = CK_ABI_VERSION_MAJOR;
    host.abi_minor = CK_ABI_VERSION_MINOR;
    provider = init(&host);
    if (!provider) {
        fprintf(stderr, "provider unusable\n");
        return 1;
    }
    if (dlclose(library) != 0) {
        fprintf(stderr, "dlclose: %s\n", dlerror());
        return 1;
    }
    if (!dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD)) {
        printf("unloaded by dlclose\n");
        return 1;
    }
    /* Still mapped: the table the provider returned is still readable. */
    printf("still loaded: %s %s\n", provider->name, provider->version);
    return 0;
}
