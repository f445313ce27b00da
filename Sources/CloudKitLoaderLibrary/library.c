/*
 * libcloudkit-loader.so is the CloudKitLoader target linked as a plain C
 * shared library; this target only carries the link flags that keep Swift
 * out of it (see Package.swift). SwiftPM wants a source file and an include/
 * folder (empty, kept by include/.keep) in every C target.
 */
typedef int ck_loader_library_translation_unit_is_not_empty;
