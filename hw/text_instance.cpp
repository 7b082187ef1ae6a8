#include "hw/text_instance.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "hw/fragment.hpp"

namespace bitloom::hw {

namespace {

int port_width(const Module& child, const std::string& port) {
  const Port* p = child.find_port(port);
  if (p == nullptr) throw std::logic_error(fmt::format("hw: {} has no port {}", child.name(), port));
  return p->width;
}

// The fragment's nets, each declared once: read from the text for an input port; for an
// output port, driven for the text where the port covers the whole net in every lane,
// else the fragment's own (the text may leave the other bits alone).
std::map<std::string, Expr> declare_nets(Fragment& f, const Module& child, const std::vector<TextPort>& ports,
                                         long long lanes) {
  std::map<std::string, Expr> nets;
  for (const TextPort& tp : ports) {
    if (tp.net.empty() || nets.count(tp.net)) continue;
    const Port* p = child.find_port(tp.port);
    const int w = port_width(child, tp.port);
    const bool whole = tp.lsb == 0 && (tp.lane_stride == 0 ? w == tp.net_width
                                                           : tp.lane_stride == w && lanes * w == tp.net_width);
    if (p->dir == Dir::kIn) nets[tp.net] = f.from_text(tp.net, tp.net_width);
    else nets[tp.net] = whole ? f.for_text(tp.net, tp.net_width) : f.own(tp.net, tp.net_width);
  }
  return nets;
}

Instance wired(const Module& child, const std::string& name, const std::vector<TextPort>& ports,
               const std::map<std::string, Expr>& nets, const Sym* lane) {
  Instance inst{child.name(), name, "", {}};
  for (const TextPort& tp : ports) {
    const int w = port_width(child, tp.port);
    if (tp.net.empty()) {
      connect(inst, tp.port, tp.value);
      continue;
    }
    const Expr& net = nets.at(tp.net);
    if (tp.lane_stride != 0 && lane != nullptr) {
      const Sym start = tp.lsb == 0 ? *lane * Sym(tp.lane_stride) : *lane * Sym(tp.lane_stride) + Sym(tp.lsb);
      connect(inst, tp.port, part_at(net, start, Sym(w)));
    } else {
      connect(inst, tp.port, tp.lsb == 0 && w == tp.net_width ? net : slice(net, tp.lsb, w));
    }
  }
  return inst;
}

}  // namespace

std::string checked_text_instance(const Module& child, const std::string& inst, const std::vector<TextPort>& ports,
                                  const std::string& indent) {
  Fragment f(child.name() + " " + inst);
  f.know(child);
  const std::map<std::string, Expr> nets = declare_nets(f, child, ports, 1);
  f.items().add(wired(child, inst, ports, nets, nullptr));
  return f.checked_text(indent);
}

std::string checked_text_lanes(const Module& child, const std::string& inst, const std::string& label,
                               const std::string& genvar, const Sym& count, const std::vector<TextPort>& ports) {
  Fragment f(child.name() + " " + label);
  f.know(child);
  const std::map<std::string, Expr> nets = declare_nets(f, child, ports, count.value());
  f.items().loop({label, genvar, count, [&](LoopBody& b, const Sym& lane) {
                    b.add(wired(child, inst, ports, nets, &lane));
                  }});
  return f.checked_text();
}

}  // namespace bitloom::hw
