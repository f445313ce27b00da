/*
 * cloudkit_memory.h — what a host needs to know about the memory provider
 * (libcloudkit-memory.so) beyond abi/cloudkit.h: its name and the keys its
 * client_open accepts. The provider itself is reached only through
 * cloudkit_provider_init, like every provider.
 */
#ifndef CLOUDKIT_MEMORY_H
#define CLOUDKIT_MEMORY_H

/** The provider's `ck_provider.name`. */
#define CK_MEMORY_PROVIDER_NAME "memory"

/**
 * Option of client_open: the largest object a put or copy may store, in
 * bytes, 1 up to CK_MEMORY_MAX_OBJECT_SIZE (the default). A larger body is
 * CK_ERR_INVALID_ARGUMENT (code "EntityTooLarge") before any byte is read.
 */
#define CK_MEMORY_OPTION_MAX_OBJECT_SIZE "max_object_size"

/** The default and highest max_object_size: 5 GiB, S3's limit for one put. */
#define CK_MEMORY_MAX_OBJECT_SIZE 5368709120LL

#endif /* CLOUDKIT_MEMORY_H */
