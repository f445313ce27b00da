/*
 * cloudkit_host.h — cloudkit through its C ABI, as a C program would use it:
 * the loader (libcloudkit-loader.so) opens the provider, and every call is
 * asynchronous with a completion (window.h keeps N in flight).
 */
#ifndef BENCH_CLOUDKIT_HOST_H
#define BENCH_CLOUDKIT_HOST_H

#include <cloudkit_loader.h>

#define HOST_SUBJECT "cloudkit (C ABI)"
#define HOST_ROLE "cloudkit"

/** Opens `provider` with `options` through the loader, or exits with the loader's message. */
ck_loaded *host_open(const char *provider, const ck_pair *options, size_t option_count);

/** The S3 workloads against the object server (the aws provider, pointed at it). */
int host_s3_small(int argc, char **argv);
int host_s3_large(int argc, char **argv);

/** The local provider's workloads. */
int host_local(int argc, char **argv);

#endif
