// Shapes and formats along a workload's edges: what each op requires of its inputs and
// what it makes of its output.
#include <fmt/format.h>

#include "generator/workload/workload_reader.hpp"

namespace bitloom::workload {

namespace {

int format_named(const Workload& w, const ParsedTask& p, const std::string& n) {
  for (size_t i = 0; i < w.formats.size(); ++i)
    if (w.formats[i].name == n) return static_cast<int>(i);
  p.reader.fail("fmt", fmt::format("no format named '{}' under formats", echo(n)));
}

std::string shape(const Tensor& t) { return fmt::format("[{}, {}]", t.rows, t.cols); }

// The output shape of a GEMM, after checking that K agrees.
std::pair<long long, long long> gemm_shape(const Workload& w, const ParsedTask& p) {
  const Tensor& a = w.tensors[p.task.inputs[0]];
  const Tensor& b = w.tensors[p.task.inputs[1]];
  const long long k_b = p.task.b_transposed ? b.cols : b.rows;
  if (a.cols != k_b)
    p.reader.fail("b", fmt::format("a '{}' is {} but b '{}'{} is {}: K does not agree ({} vs {})", a.name, shape(a),
                                   b.name, p.task.b_transposed ? " (b_t)" : "", shape(b), a.cols, k_b));
  if (a.cols > kMaxK) p.reader.fail("a", fmt::format("K = {} exceeds the limit of {}", a.cols, kMaxK));
  return {a.rows, p.task.b_transposed ? b.rows : b.cols};
}

void check_nonlinear_formats(const Workload& w, const ParsedTask& p, int out_format) {
  const Format& x = w.format_of(p.task.inputs[0]);
  const Format& y = w.formats[out_format];
  const char* op = p.task.op == Op::kSoftmax ? "softmax" : "gelu";
  if (!x.is_signed) p.reader.fail("x", fmt::format("{} takes a signed input; format '{}' is unsigned", op, x.name));
  if (p.task.op == Op::kSoftmax && y.is_signed)
    p.reader.fail("fmt", fmt::format("softmax outputs unsigned probabilities; format '{}' is signed", y.name));
  if (p.task.op == Op::kGelu && !y.is_signed)
    p.reader.fail("fmt", fmt::format("gelu outputs signed values; format '{}' is unsigned", y.name));
}

// The output format: the task's fmt, or the one its op implies.
int output_format(const Workload& w, const ParsedTask& p) {
  const Format& x = w.format_of(p.task.inputs[0]);
  if (p.task.op == Op::kAdd) {
    const Format& y = w.format_of(p.task.inputs[1]);
    if (x.name != y.name)
      p.reader.fail("y", fmt::format("add takes x and y of one format; '{}' vs '{}'", x.name, y.name));
    return w.tensors[p.task.inputs[0]].format;
  }
  if (p.out_format) return format_named(w, p, *p.out_format);
  if (p.task.op == Op::kGelu) return w.tensors[p.task.inputs[0]].format;
  p.reader.missing("fmt");
}

}  // namespace

void infer_shapes(Workload& w, std::vector<ParsedTask>& parsed, const std::vector<int>& order) {
  for (int i : order) {
    const ParsedTask& p = parsed[i];
    const Task& t = p.task;
    std::pair<long long, long long> out{w.tensors[t.inputs[0]].rows, w.tensors[t.inputs[0]].cols};
    if (t.op == Op::kGemm) out = gemm_shape(w, p);
    if (t.op == Op::kAdd) {
      const Tensor& x = w.tensors[t.inputs[0]];
      const Tensor& y = w.tensors[t.inputs[1]];
      if (x.rows != y.rows || x.cols != y.cols)
        p.reader.fail("y", fmt::format("add takes x and y of one shape; '{}' is {} but '{}' is {}", x.name, shape(x),
                                       y.name, shape(y)));
    }
    const int f = output_format(w, p);
    if (t.op == Op::kSoftmax || t.op == Op::kGelu) check_nonlinear_formats(w, p, f);
    Tensor& o = w.tensors[t.out];
    if (o.io == Io::kOutput) {
      if (o.rows != out.first || o.cols != out.second)
        p.reader.fail("out", fmt::format("task '{}' makes [{}, {}] but output '{}' is declared {}", t.name, out.first,
                                         out.second, o.name, shape(o)));
      if (o.format != f)
        p.reader.fail("out", fmt::format("task '{}' makes format '{}' but output '{}' is declared '{}'", t.name,
                                         w.formats[f].name, o.name, w.formats[o.format].name));
    } else {
      o.rows = out.first;
      o.cols = out.second;
      o.format = f;
    }
  }
}

}  // namespace bitloom::workload
