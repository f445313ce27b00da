/*
 * libxml2 for the AWS provider's XML reader. libxml2's headers pull in the
 * system ICU when it was built with ICU, whose types clash with the ICU
 * that Foundation bundles; only the parser and tree APIs are used (never
 * libxml2's ICU converters), so the ICU part of its headers is left out.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
