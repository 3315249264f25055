/*
 * event_doc.h -- the documentation block derived from the event table
 *
 * event_doc_table() renders every row of the dispatcher's table
 * (exim_event_at()) as the plain text that doc-txt/events.txt carries
 * verbatim between its "generated from the event table" markers.  The
 * unit test checks that the document contains it; scripts/gen-doc-tables
 * (make doc) splices it in, and event-doc-table prints
 * it for pasting after the table changes.
 */
#ifndef EXIM_UNIT_EVENT_DOC_H
#define EXIM_UNIT_EVENT_DOC_H

#include <string>

namespace exim_unit {

/* The generated block, including its begin and end marker lines. */
std::string event_doc_table();

}  // namespace exim_unit

#endif
