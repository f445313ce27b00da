/* Pins the shared library holding this code: see provider_pin.h. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "provider_pin.h"

__attribute__((visibility("hidden")))
int cloudkit_pin_own_library(void) {
    Dl_info info;
    if (dladdr((void *)&cloudkit_pin_own_library, &info) == 0 || info.dli_fname == NULL || info.dli_fname[0] == '\0') {
        return 0;
    }
    /* RTLD_NOLOAD: only an object already loaded under this name; never a second copy. */
    void *self = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    /* The handle is kept on purpose: the reference it holds is never dropped. */
    return self != NULL;
}
