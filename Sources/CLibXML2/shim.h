#ifndef NEWSBRIEFS_CLIBXML2_SHIM_H
#define NEWSBRIEFS_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* libxml2 built with ICU pulls <unicode/ucnv.h> into encoding.h, which clashes with the ICU copy that
   Foundation ships. We never touch xmlCharEncodingHandler's ICU fields, so hide them. */
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/parser.h>

/// `xmlFree` is a global function pointer, which Swift 6 refuses as shared mutable state.
static inline void briefs_xml_free(void *pointer) { xmlFree(pointer); }

#endif
