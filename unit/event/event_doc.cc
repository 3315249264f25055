/*
 * event_doc.cc -- render the event table as Exim plain-text documentation
 */
#include "event_doc.h"

#include <cstddef>
#include <string>

#include "event_dispatch.h"

namespace exim_unit {
namespace {

/* s padded with spaces to width columns (at least one space follows). */
std::string pad(const std::string &s, size_t width)
{
  if (s.size() >= width) {
    return s + " ";
  }
  return s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string event_doc_table()
{
  std::string out;
  out += "-- begin: generated from the event table (gen-doc-tables) --\n";
  out += "\n";
  out += pad("  Event", 24) + pad("Timing", 8) + pad("event_action", 14) +
         "Non-empty result\n";
  out += pad("  -----", 24) + pad("------", 8) + pad("------------", 14) +
         "----------------\n";
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    out += pad(std::string("  ") + ev->name, 24) +
           pad(exim_event_timing_text(ev->timing), 8) +
           pad(exim_event_side_text(ev->side), 14) +
           exim_event_effect_text(ev->effect) + "\n";
  }
  out += "\n";
  for (size_t i = 0; i < exim_event_count(); ++i) {
    const exim_event_info *ev = exim_event_at(i);
    out += std::string(ev->name) + "\n";
    out += std::string("    Fires ") + exim_event_timing_text(ev->timing) +
           ": " + ev->summary + "\n";
    out += std::string("    How often: ") + ev->how_often + "\n";
    out += std::string("    event_action: ");
    switch (ev->side) {
      case EXIM_EVENT_SIDE_MAIN:
        out += "main section\n";
        break;
      case EXIM_EVENT_SIDE_TRANSPORT:
        out += "transport\n";
        break;
      case EXIM_EVENT_SIDE_BOTH:
        out += "main section (server side), transport (client side)\n";
        break;
    }
    out += std::string("    $event_data: ") +
           (ev->data != nullptr ? ev->data : "unset") + "\n";
    if (ev->sets_defer_errno != 0) {
      out += "    $event_defer_errno: the error number of the deferral\n";
    }
    out += std::string("    Non-empty result: ") +
           exim_event_effect_text(ev->effect) + "\n";
    out += "\n";
  }
  out += "-- end: generated from the event table --\n";
  return out;
}

}  // namespace exim_unit
