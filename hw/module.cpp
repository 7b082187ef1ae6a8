#include "hw/module.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bitloom::hw {

void Module::claim(const std::string& name) {
  if (std::find(names_.begin(), names_.end(), name) != names_.end())
    throw std::logic_error(fmt::format("hw: module {} declares '{}' twice", name_, name));
  if (name.empty()) throw std::logic_error(fmt::format("hw: module {} declares a net with no name", name_));
  names_.push_back(name);
}

Expr Module::add_port(const std::string& name, Dir dir, int width, bool is_reg, const std::string& comment) {
  if (width < 1) throw std::logic_error(fmt::format("hw: port {}.{} has width {}", name_, name, width));
  claim(name);
  ports_.push_back({name, dir, width, is_reg, comment, {}});
  return whole_net(name, width);
}

Expr Module::input(const std::string& name, int width, const std::string& comment) {
  return add_port(name, Dir::kIn, width, false, comment);
}
Expr Module::output(const std::string& name, int width, const std::string& comment) {
  return add_port(name, Dir::kOut, width, false, comment);
}
Expr Module::input_vector(const std::string& name, int width, const std::string& comment) {
  Expr e = add_port(name, Dir::kIn, width, false, comment);
  ports_.back().vector = true;
  return e;
}
Expr Module::output_vector(const std::string& name, int width, const std::string& comment) {
  Expr e = add_port(name, Dir::kOut, width, false, comment);
  ports_.back().vector = true;
  return e;
}
Expr Module::output_reg_vector(const std::string& name, int width, const std::string& comment) {
  Expr e = add_port(name, Dir::kOut, width, true, comment);
  ports_.back().vector = true;
  return e;
}
Expr Module::input_sized(const std::string& name, const Sym& width, const std::string& comment) {
  Expr e = input_vector(name, static_cast<int>(width.value()), comment);
  if (!width.is_number()) ports_.back().range_text = width.range();
  return e;
}
Expr Module::output_sized(const std::string& name, const Sym& width, const std::string& comment) {
  Expr e = output_vector(name, static_cast<int>(width.value()), comment);
  if (!width.is_number()) ports_.back().range_text = width.range();
  return e;
}
Expr Module::output_reg(const std::string& name, int width, const std::string& comment) {
  return add_port(name, Dir::kOut, width, true, comment);
}

void Module::constant(const std::string& name, long long value, const std::string& comment) {
  claim(name);
  constants_.push_back({name, value, comment});
}

Expr Module::wire(const std::string& name, int width, const std::string& comment) {
  if (width < 1) throw std::logic_error(fmt::format("hw: wire {}.{} has width {}", name_, name, width));
  claim(name);
  items_.push_back(Decl{name, width, false, comment, {}});
  return whole_net(name, width);
}

Expr Module::raw_wire(const std::string& name, int width) {
  if (width < 1) throw std::logic_error(fmt::format("hw: wire {}.{} has width {}", name_, name, width));
  claim(name);
  items_.push_back(Decl{name, width, false, "", "", true});
  return whole_net(name, width);
}

Expr Module::reg(const std::string& name, int width, const std::string& comment) {
  if (width < 1) throw std::logic_error(fmt::format("hw: reg {}.{} has width {}", name_, name, width));
  claim(name);
  items_.push_back(Decl{name, width, true, comment, {}});
  return whole_net(name, width);
}

void Module::assign(const Expr& lhs, const Expr& rhs) { items_.push_back(Assign{lhs, rhs}); }

void Module::add(Instance instance) {
  claim(instance.name);
  items_.push_back(std::move(instance));
}

void Module::raw(const std::string& text, std::vector<std::string> drives, std::vector<std::string> reads) {
  items_.push_back(Raw{text, std::move(drives), std::move(reads), {}, {}});
}

void Module::raw_bits(const std::string& text, std::vector<Expr> drives, std::vector<Expr> reads) {
  items_.push_back(Raw{text, {}, {}, std::move(drives), std::move(reads)});
}

void Module::loop(Loop l) { items_.push_back(std::move(l)); }

Sym Module::constant_sym(const std::string& name) const {
  for (const Constant& c : constants_)
    if (c.name == name) return Sym::named(name, c.value);
  throw std::logic_error(fmt::format("hw: module {} has no localparam '{}'", name_, name));
}

void Module::make_signed(const std::string& port) {
  for (Port& p : ports_)
    if (p.name == port) {
      p.is_signed = true;
      return;
    }
  throw std::logic_error(fmt::format("hw: {} has no port {} to make signed", name_, port));
}

const Port* Module::find_port(const std::string& name) const {
  for (const Port& p : ports_)
    if (p.name == name) return &p;
  return nullptr;
}

Expr Module::net(const std::string& name) const {
  if (const Port* p = find_port(name)) return whole_net(name, p->width);
  for (const Item& item : items_)
    if (const Decl* d = std::get_if<Decl>(&item); d && d->name == name) return whole_net(name, d->width);
  throw std::logic_error(fmt::format("hw: module {} has no net '{}'", name_, name));
}

void connect(Instance& inst, const std::string& port, const Expr& value) {
  if (value.empty()) throw std::logic_error(fmt::format("hw: {}.{} connected to nothing", inst.name, port));
  inst.connections.push_back({port, value});
}

void leave_open(Instance& inst, const std::string& port) { inst.connections.push_back({port, {}}); }

}  // namespace bitloom::hw
