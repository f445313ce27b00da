/*
 * cloudkit_version.h — the cloudkit release version.
 *
 * The one place the version of the whole release is written: the CLI
 * (`cloudkit --version`), the Swift host library, every provider's
 * `ck_provider.version` (Swift providers read it through the provider kit,
 * C providers include this header), the CHANGELOG's top entry and the
 * installed cloudkit.pc all carry this value, and a test checks they agree.
 * It is not the ABI version: that is CK_ABI_VERSION_MAJOR/MINOR in cloudkit.h.
 */
#ifndef CLOUDKIT_VERSION_H
#define CLOUDKIT_VERSION_H

/** The release version, "MAJOR.MINOR.PATCH". */
#define CLOUDKIT_VERSION "0.10.1"

#endif /* CLOUDKIT_VERSION_H */
