#include "hw/checker.hpp"

#include <fmt/format.h>

#include <map>

namespace bitloom::hw {

namespace {

struct NetState {
  int width = 0;
  bool output_port = false;
  std::vector<int> drivers;
  std::vector<bool> read;
};

// Walks one module: counts the drivers and loads of every bit.
class ModuleChecker {
 public:
  ModuleChecker(const Module& m, const Design& context) : m_(m), context_(context) {}

  std::vector<std::string> run() {
    for (const Port& p : m_.ports()) {
      NetState& n = add_net(p.name, p.width);
      n.output_port = p.dir == Dir::kOut;
      if (p.dir == Dir::kIn) n.drivers.assign(p.width, 1);
    }
    for (const Item& item : m_.items())
      if (const auto* d = std::get_if<Decl>(&item)) add_net(d->name, d->width);
    for (const Item& item : m_.items()) visit(item);
    report_drivers();
    return problems_;
  }

 private:
  NetState& add_net(const std::string& name, int width) {
    NetState& n = nets_[name];
    n.width = width;
    n.drivers.assign(width, 0);
    n.read.assign(width, false);
    return n;
  }

  template <class... Args>
  void problem(fmt::format_string<Args...> f, Args&&... args) {
    problems_.push_back(m_.name() + ": " + fmt::format(f, std::forward<Args>(args)...));
  }

  NetState* lookup(const Bits& b) {
    auto it = nets_.find(b.net);
    if (it == nets_.end()) {
      problem("'{}' is not a port or declared net", b.net);
      return nullptr;
    }
    if (b.lsb + b.width > it->second.width) {
      problem("bits [{}:{}] of '{}' are outside its {} bits", b.lsb + b.width - 1, b.lsb, b.net, it->second.width);
      return nullptr;
    }
    return &it->second;
  }

  void mark_read(const Expr& e) {
    for (const Bits& b : e.reads)
      if (NetState* n = lookup(b))
        for (int i = b.lsb; i < b.lsb + b.width; ++i) n->read[i] = true;
  }

  void mark_driven(const Expr& e, const std::string& where) {
    if (e.lvalue.empty()) {
      problem("{} drives '{}', which is not a net or a slice of one", where, e.text);
      return;
    }
    for (const Bits& b : e.lvalue)
      if (NetState* n = lookup(b))
        for (int i = b.lsb; i < b.lsb + b.width; ++i) ++n->drivers[i];
  }

  void visit(const Item& item) {
    if (const auto* a = std::get_if<Assign>(&item)) {
      if (a->lhs.width != a->rhs.width)
        problem("width mismatch: assign {} ({} bits) = {} ({} bits)", a->lhs.text, a->lhs.width, a->rhs.text,
                a->rhs.width);
      mark_driven(a->lhs, "assign");
      mark_read(a->rhs);
    } else if (const auto* inst = std::get_if<Instance>(&item)) {
      visit_instance(*inst);
    } else if (const auto* l = std::get_if<Loop>(&item)) {
      visit_loop(*l);
    } else if (const auto* raw = std::get_if<Raw>(&item)) {
      for (const Expr& e : raw->drive_bits) mark_driven(e, "raw block");
      for (const Expr& e : raw->read_bits) mark_read(e);
      for (const std::string& net : raw->drives)
        if (auto it = nets_.find(net); it != nets_.end()) mark_driven(whole_net(net, it->second.width), "raw block");
        else problem("a raw block drives '{}', which is not declared", net);
      for (const std::string& net : raw->reads)
        if (auto it = nets_.find(net); it != nets_.end()) mark_read(whole_net(net, it->second.width));
        else problem("a raw block reads '{}', which is not declared", net);
    }
  }

  // Every iteration, with its index's value. The iteration's own wires are renamed
  // label[i].name once it is done, so that they are reported as that.
  void visit_loop(const Loop& l) {
    for (long long i = 0; i < l.count.value(); ++i) {
      LoopBody body;
      l.body(body, Sym::named(l.genvar, i));
      std::vector<std::string> local;
      for (const Item& item : body.items())
        if (const auto* d = std::get_if<Decl>(&item)) {
          if (nets_.count(d->name)) problem("{}[{}] declares '{}', which the module has", l.label, i, d->name);
          add_net(d->name, d->width);
          local.push_back(d->name);
        }
      for (const Item& item : body.items()) visit(item);
      for (const std::string& name : local) {
        nets_[fmt::format("{}[{}].{}", l.label, i, name)] = nets_[name];
        nets_.erase(name);
      }
    }
  }

  void visit_instance(const Instance& inst) {
    const Module* child = context_.find(inst.module);
    if (!child) {
      problem("{} instantiates {}, which the design does not have", inst.name, inst.module);
      return;
    }
    std::map<std::string, int> seen;
    for (const Connection& c : inst.connections) {
      const Port* p = child->find_port(c.port);
      if (!p) {
        problem("{} connects '{}', which {} does not have", inst.name, c.port, inst.module);
        continue;
      }
      if (seen[c.port]++) problem("{} connects '{}' twice", inst.name, c.port);
      if (c.value.empty()) {
        if (p->dir == Dir::kIn) problem("{}.{} is an input left open", inst.name, c.port);
        continue;
      }
      if (c.value.width != p->width)
        problem("width mismatch: {}.{} is {} bits, connected to {} ({} bits)", inst.name, c.port, p->width,
                c.value.text, c.value.width);
      if (p->dir == Dir::kIn) mark_read(c.value);
      else mark_driven(c.value, inst.name + "." + c.port);
    }
    for (const Port& p : child->ports())
      if (!seen.count(p.name)) problem("{}.{} is not connected", inst.name, p.name);
  }

  // Runs of bits that share a fault, as "[hi:lo]".
  void report_runs(const std::string& net, const std::vector<bool>& bad, const char* what) {
    for (size_t i = 0; i < bad.size();) {
      if (!bad[i]) { ++i; continue; }
      size_t j = i;
      while (j + 1 < bad.size() && bad[j + 1]) ++j;
      problem("'{}' bits [{}:{}] {}", net, j, i, what);
      i = j + 1;
    }
  }

  void report_drivers() {
    for (const auto& [name, n] : nets_) {
      std::vector<bool> undriven(n.width), multiple(n.width);
      for (int i = 0; i < n.width; ++i) {
        undriven[i] = n.drivers[i] == 0 && (n.read[i] || n.output_port);
        multiple[i] = n.drivers[i] > 1;
      }
      report_runs(name, undriven, "are used but never driven");
      report_runs(name, multiple, "have more than one driver");
    }
  }

  const Module& m_;
  const Design& context_;
  std::map<std::string, NetState> nets_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> check_module(const Module& m, const Design& context) {
  return ModuleChecker(m, context).run();
}

std::vector<std::string> check_design(const Design& d) {
  std::vector<std::string> all;
  if (!d.find(d.top())) all.push_back(fmt::format("the top {} is not among the design's modules", d.top()));
  for (const Module& m : d.modules()) {
    auto p = check_module(m, d);
    all.insert(all.end(), p.begin(), p.end());
  }
  return all;
}

void require_no_problems(const std::vector<std::string>& problems, const std::string& what) {
  if (problems.empty()) return;
  std::string text = what + " fails the structural check:";
  for (const std::string& p : problems) text += "\n  " + p;
  throw CheckError(text);
}

void require_clean(const Design& d) { require_no_problems(check_design(d), "design " + d.top()); }

void require_clean(const Module& leaf) {
  Design d(leaf.name());
  d.add(leaf);
  require_clean(d);
}

}  // namespace bitloom::hw
