/*
 * Keeps the shared library this code is linked into loaded for good.
 *
 * A provider whose runtime cannot be unloaded (Swift's cannot: its type
 * metadata and threads outlive dlclose) must never be unmapped. Linking with
 * `-z nodelete` says so, but that is a linker flag SwiftPM refuses in a
 * package used as a versioned dependency; pinning at run time does the same
 * with no flag: the library finds its own file with dladdr and opens itself
 * again with RTLD_NODELETE.
 */
#ifndef CLOUDKIT_PROVIDER_PIN_H
#define CLOUDKIT_PROVIDER_PIN_H

/**
 * Marks the shared library holding this function as never unloaded
 * (RTLD_NODELETE). Returns 1 when it did, 0 when this code is not in a
 * shared library loaded by file name (linked into an executable, say).
 * Safe to call more than once and from any thread.
 */
__attribute__((visibility("hidden")))
int cloudkit_pin_own_library(void);

#endif /* CLOUDKIT_PROVIDER_PIN_H */
