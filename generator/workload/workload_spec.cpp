// kind: workload: the top-level keys, formats, tensors and resources. Tasks, the graph
// they form and an explicit schedule are read in workload_tasks.cpp.
#include <fmt/format.h>

#include <regex>

#include "generator/hash.hpp"
#include "generator/limits.hpp"
#include "generator/spec.hpp"
#include "generator/verilog_names.hpp"
#include "generator/workload/workload_reader.hpp"

namespace bitloom::workload {

void check_name(const YamlReader& parent, const std::string& key, const std::string& what) {
  static const std::regex ident("[A-Za-z_][A-Za-z0-9_]{0,31}");
  if (!std::regex_match(key, ident))
    parent.fail(key, fmt::format("{} name '{}' must be an identifier (letters, digits, _; at most 32 characters)",
                                 what, echo(key)));
  if (is_verilog_keyword(key) || directive_prefix(key))
    parent.fail(key, fmt::format("{} name '{}' is a Verilog reserved or directive word", what, key));
}

namespace {

void read_formats(YamlReader& root, Workload& w) {
  auto formats = root.mapping("formats");
  if (!formats) root.missing("formats");
  for (const auto& kv : formats->node()) {
    const std::string key = kv.first.Scalar();
    check_name(*formats, key, "format");
    auto m = formats->mapping(key);
    Format f;
    f.name = key;
    f.is_signed = m->boolean("signed").value_or(true);
    auto width = m->integer("width", 2, kMaxWidth);
    if (!width) m->missing("width");
    f.width = static_cast<int>(*width);
    f.frac = static_cast<int>(m->integer_or("frac", 0, f.width - (f.is_signed ? 1 : 0), 0));
    m->finish();
    w.formats.push_back(f);
  }
  if (w.formats.empty()) root.fail("formats", "needs at least one format");
}

int format_by_name(const Workload& w, const std::string& n) {
  for (size_t i = 0; i < w.formats.size(); ++i)
    if (w.formats[i].name == n) return static_cast<int>(i);
  return -1;
}

long long shape_entry(const YamlReader& m, const YAML::Node& n) {
  static const std::regex decimal("[1-9][0-9]{0,8}");
  if (!n.IsScalar() || !std::regex_match(n.Scalar(), decimal) || std::stoll(n.Scalar()) > kMaxDim)
    fail_at_node(m.file(), n, m.full_key("shape"),
                 fmt::format("expected a dimension in [1, {}], got {}", kMaxDim, describe_value(n)));
  return std::stoll(n.Scalar());
}

void read_tensors(YamlReader& root, Workload& w) {
  auto tensors = root.mapping("tensors");
  if (!tensors) root.missing("tensors");
  for (const auto& kv : tensors->node()) {
    const std::string key = kv.first.Scalar();
    check_name(*tensors, key, "tensor");
    auto m = tensors->mapping(key);
    Tensor t;
    t.name = key;
    auto shape = m->list("shape", 2);
    if (!shape) m->missing("shape");
    if (shape->size() != 2) m->fail("shape", "expected [rows, cols]");
    t.rows = shape_entry(*m, (*shape)[0]);
    t.cols = shape_entry(*m, (*shape)[1]);
    auto fmt_name = m->string("fmt");
    if (!fmt_name) m->missing("fmt");
    t.format = format_by_name(w, *fmt_name);
    if (t.format < 0) m->fail("fmt", fmt::format("no format named '{}' under formats", echo(*fmt_name)));
    auto io = m->choice("io", {"input", "output"});
    if (!io) m->missing("io");
    t.io = *io == "input" ? Io::kInput : Io::kOutput;
    m->finish();
    w.tensors.push_back(t);
  }
}

void read_sfus(YamlReader& res, Resources& r) {
  auto sfus = res.mapping("sfus");
  if (!sfus) return;
  for (UnitKind k : {UnitKind::kSoftmax, UnitKind::kGelu, UnitKind::kAdd})
    r.sfus[static_cast<int>(k)] = static_cast<int>(sfus->integer_or(std::string(name(k)), 0, 8, 0));
  sfus->finish();
}

void read_dram(YamlReader& res, DramTimingSpec& d) {
  auto dram = res.mapping("dram");
  if (!dram) res.missing("dram");
  auto bpc = dram->integer("bytes_per_cycle", 1, 256);
  if (!bpc) dram->missing("bytes_per_cycle");
  if ((*bpc & (*bpc - 1)) != 0) dram->fail("bytes_per_cycle", "must be a power of two (the bus is 8*bytes_per_cycle bits)");
  d.bytes_per_cycle = static_cast<int>(*bpc);
  d.read_latency = static_cast<int>(dram->integer_or("read_latency", 1, 4096, 40));
  d.write_latency = static_cast<int>(dram->integer_or("write_latency", 1, 4096, 20));
  d.addr_bits = static_cast<int>(dram->integer_or("addr_bits", 16, 48, 32));
  dram->finish();
}

void read_resources(YamlReader& root, Workload& w) {
  auto res = root.mapping("resources");
  if (!res) root.missing("resources");
  Resources& r = w.resources;
  auto cores = res->mapping("cores");
  if (!cores) res->missing("cores");
  auto count = cores->integer("count", 1, 8);
  if (!count) cores->missing("count");
  r.cores = static_cast<int>(*count);
  cores->kind("arch", {Arch::kSystolicOs});  // the only core the scheduler models
  r.pe = cores->kind("pe", {PeKind::kMac, PeKind::kOpt1}).value_or(PeKind::kMac);
  cores->finish();
  read_sfus(*res, r);
  auto buffer = res->integer("buffer_bytes", 1024, 1LL << 31);
  if (!buffer) res->missing("buffer_bytes");
  r.buffer_bytes = *buffer;
  read_dram(*res, r.dram);
  r.reconfig_cycles = static_cast<int>(res->integer_or("reconfig_cycles", 0, 1000, 2));
  res->finish();
}

// Refuses a workload whose schedule search would outgrow limits::kScheduleWork.
void check_schedule_budget(YamlReader& root, const Workload& w) {
  long long blocks = 0;
  for (const Task& t : w.tasks) {
    const Tensor& out = w.tensors[t.out];
    blocks += (out.rows + w.lanes - 1) / w.lanes + (t.op == Op::kGemm ? (out.cols + w.lanes - 1) / w.lanes : 0);
  }
  const long long n = static_cast<long long>(w.tasks.size()) + 1;
  if (blocks * n * n > limits::kScheduleWork)
    root.fail("tasks", fmt::format("scheduling costs about {} row blocks x (tasks + 1)^2 = {:.3g}, more than the "
                                   "limit of {:.3g} (about 15 s; docs/limits.md)",
                                   blocks, static_cast<double>(blocks * n * n), static_cast<double>(limits::kScheduleWork)));
}

}  // namespace

bool is_workload_text(const std::string& text) { return declared_kind(text) == "workload"; }

Workload load_workload(const std::string& file) { return load_workload_text(read_spec_file(file), file); }

Workload load_workload_text(const std::string& text, const std::string& file) {
  YamlReader root = parse_spec_text(text, file);
  Workload w;
  w.file = file;
  w.file_name = display_file_name(file);
  w.sha256 = sha256_hex(text);
  auto kind = root.choice("kind", {"workload"});
  if (!kind) root.missing("kind");
  auto n = root.identifier("name");
  if (!n) root.missing("name");
  w.name = *n;
  auto mode = root.choice("mode", {"sequential", "dataflow", "intar"}).value_or("intar");
  w.mode = mode == "sequential" ? Mode::kSequential : mode == "dataflow" ? Mode::kDataflow : Mode::kIntar;
  auto lanes = root.integer("lanes", 4, 32);
  if (!lanes) root.missing("lanes");
  if (*lanes != 4 && *lanes != 8 && *lanes != 16 && *lanes != 32)
    root.fail("lanes", "must be 4, 8, 16 or 32 (dataflow cores take L, L/2 or L/4 lanes)");
  w.lanes = static_cast<int>(*lanes);
  read_formats(root, w);
  read_tensors(root, w);
  read_resources(root, w);
  read_tasks(root, w);
  check_schedule_budget(root, w);
  read_schedule(root, w);
  root.finish();
  return w;
}

}  // namespace bitloom::workload
