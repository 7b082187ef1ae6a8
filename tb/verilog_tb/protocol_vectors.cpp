#include "tb/verilog_tb/protocol_vectors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "generator/nonlinear/model_json.hpp"
#include "tb/golden_gemm.hpp"

namespace bitloom::tb {

namespace {

uint64_t mask(uint64_t v, int width) { return width >= 64 ? v : v & ((uint64_t{1} << width) - 1); }

struct OperandRange {
  int width;
  bool is_signed;
  int64_t lo() const { return is_signed ? -(int64_t{1} << (width - 1)) : 0; }
  int64_t hi() const { return is_signed ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1; }
  int64_t draw(std::mt19937_64& rng, int fill) const {
    if (fill > 0) return hi();
    if (fill < 0) return lo();
    return std::uniform_int_distribution<int64_t>(lo(), hi())(rng);
  }
};

// A bundle of the design's top as the generator declared it (Design::streams): the bench
// never works widths out from the params.
TbStream stream(const Design& d, const std::string& prefix) {
  for (const hw::Stream& s : d.streams)
    if (s.prefix() == prefix) {
      TbStream t;
      t.prefix = prefix;
      t.input = s.sink;
      t.data_width = s.data_width();
      t.has_last = s.last;
      t.keep_width = s.keep ? s.lanes : 0;
      t.user_width = s.user_width;
      return t;
    }
  throw std::logic_error(d.top + " has no stream " + prefix);
}

int param(const Design& d, const char* key) { return d.params.at(key).get<int>(); }

// ---------------------------------------------------------------- GEMM arrays
struct Gemm {
  int rows, cols, kb, cw;
  OperandRange a, b;
  explicit Gemm(const Design& d)
      : rows(param(d, "rows")), cols(param(d, "cols")), kb(param(d, "k_per_beat")), cw(param(d, "c_width")),
        a{param(d, "a_width"), d.params.at("a_signed").get<bool>()},
        b{param(d, "b_width"), d.params.at("b_signed").get<bool>()} {}
  Matrix random(int r, int c, const OperandRange& op, std::mt19937_64& rng, int fill) const {
    Matrix m(r, c);
    for (auto& x : m.v) x = op.draw(rng, fill);
    return m;
  }
};

TbBench os_tile(const Design& d, std::mt19937_64& rng, TbBench bench) {
  const Gemm g(d);
  TbStream sa = stream(d, "s_a"), sb = stream(d, "s_b"), mc = stream(d, "m_c");
  struct Tile { int k, fill_a, fill_b; };
  std::vector<Tile> tiles = {{1, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3 * g.kb, 0, 0}, {64, 1, 1}, {48, -1, -1}, {40, -1, 1}};
  for (int i = 0; i < 5; ++i) tiles.push_back({1 + static_cast<int>(rng() % 24), 0, 0});
  for (const Tile& t : tiles) {
    const Matrix am = g.random(g.rows, t.k, g.a, rng, t.fill_a), bm = g.random(t.k, g.cols, g.b, rng, t.fill_b);
    const int beats = (t.k + g.kb - 1) / g.kb;
    for (int beat = 0; beat < beats; ++beat) {
      BeatWord wa, wb;
      for (int i = 0; i < g.rows; ++i)
        for (int kk = 0; kk < g.kb; ++kk) {
          const int k = beat * g.kb + kk;
          wa.add(k < t.k ? mask(static_cast<uint64_t>(am.at(i, k)), g.a.width) : 0, g.a.width);
        }
      for (int kk = 0; kk < g.kb; ++kk)
        for (int j = 0; j < g.cols; ++j) {
          const int k = beat * g.kb + kk;
          wb.add(k < t.k ? mask(static_cast<uint64_t>(bm.at(k, j)), g.b.width) : 0, g.b.width);
        }
      const bool last = beat == beats - 1;
      sa.beats.push_back(wa.add(last, 1).hex());
      sb.beats.push_back(wb.add(last, 1).hex());
    }
    const auto c = golden_gemm(am, bm, g.cw);
    for (int i = 0; i < g.rows; ++i) {
      BeatWord w;
      for (int j = 0; j < g.cols; ++j) w.add(c[static_cast<size_t>(i) * g.cols + j], g.cw);
      mc.beats.push_back(w.add(i == g.rows - 1, 1).hex());
    }
  }
  bench.title = fmt::format("os_tile: {} tiles (K = 1.., all-max, all-min, min x max) against integer GEMM.", tiles.size());
  bench.streams = {sa, sb, mc};
  return bench;
}

TbBench ws_stream(const Design& d, std::mt19937_64& rng, TbBench bench) {
  const Gemm g(d);
  const int kh = g.rows;
  TbStream sw = stream(d, "s_w"), sa = stream(d, "s_a"), mc = stream(d, "m_c");
  std::vector<Matrix> sets;
  size_t next_bind = 0;
  int bound = -1;
  auto push_set = [&](int k_used, int fill) {
    Matrix w(kh, g.cols);
    for (int k = 0; k < k_used; ++k)
      for (int j = 0; j < g.cols; ++j) w.at(k, j) = g.b.draw(rng, fill);
    for (int k = 0; k < kh; ++k) {
      BeatWord word;
      for (int j = 0; j < g.cols; ++j) word.add(mask(static_cast<uint64_t>(w.at(k, j)), g.b.width), g.b.width);
      sw.beats.push_back(word.add(k == kh - 1, 1).hex());
    }
    sets.push_back(w);
  };
  // The contract: a binding batch takes the next set in s_w order, others keep theirs.
  auto push_batch = [&](int rows, bool bind, int k_used, int fill) {
    if (bind || bound < 0) bound = static_cast<int>(next_bind++);
    Matrix a(rows, kh);
    for (int i = 0; i < rows; ++i)
      for (int k = 0; k < k_used; ++k) a.at(i, k) = g.a.draw(rng, fill);
    const auto c = golden_gemm(a, sets.at(static_cast<size_t>(bound)), g.cw);
    for (int i = 0; i < rows; ++i) {
      BeatWord wa, wc;
      for (int k = 0; k < kh; ++k) wa.add(mask(static_cast<uint64_t>(a.at(i, k)), g.a.width), g.a.width);
      // tuser[0] counts on a batch's first beat only: elsewhere it is random.
      sa.beats.push_back(wa.add(i == rows - 1, 1).add(i == 0 ? bind : rng() & 1, 1).hex());
      for (int j = 0; j < g.cols; ++j) wc.add(c[static_cast<size_t>(i) * g.cols + j], g.cw);
      mc.beats.push_back(wc.add(i == rows - 1, 1).hex());
    }
  };
  push_set(kh, 0);
  push_batch(3, true, kh, 0);
  push_batch(2, false, kh, 0);  // reuses set 0
  push_set(kh, 0);
  push_set(std::max(1, kh / 2), 0);  // K < KH: the host pads with zeros
  push_batch(5, true, kh, 0);
  push_batch(1, true, std::max(1, kh / 2), 0);
  push_batch(4, false, std::max(1, kh / 2), 0);
  push_set(kh, -1);
  push_batch(3, true, kh, -1);
  push_set(kh, 1);
  push_batch(3, true, kh, -1);
  for (int i = 0; i < 4; ++i) {
    push_set(kh, 0);
    push_batch(1 + static_cast<int>(rng() % 8), true, kh, 0);
    push_batch(1 + static_cast<int>(rng() % 4), false, kh, 0);
  }
  bench.title = fmt::format("ws_stream: {} weight sets bound and reused by s_a_tuser, against integer GEMM.", sets.size());
  bench.streams = {sw, sa, mc};
  return bench;
}

// ---------------------------------------------------------------- nonlinear units
struct Lanes {
  int lanes, xw, yw;
  explicit Lanes(const Design& d) : lanes(param(d, "lanes")), xw(param(d, "x_width")), yw(param(d, "y_width")) {}
  int64_t lo() const { return -(int64_t{1} << (xw - 1)); }
  int64_t hi() const { return (int64_t{1} << (xw - 1)) - 1; }
};

TbBench elementwise(const Design& d, std::mt19937_64& rng, TbBench bench) {
  const Lanes u(d);
  const GeluModel model = gelu_model_from_json(nlohmann::json::parse(d.model.dump()));
  std::vector<int64_t> codes;
  if (u.xw <= 12) {
    for (int64_t x = u.lo(); x <= u.hi(); ++x) codes.push_back(x);
  } else {
    codes = {u.lo(), u.lo() + 1, -1, 0, 1, u.hi() - 1, u.hi()};
    for (int i = 0; i < 3000; ++i) codes.push_back(std::uniform_int_distribution<int64_t>(u.lo(), u.hi())(rng));
  }
  while (codes.size() % static_cast<size_t>(u.lanes)) codes.push_back(0);
  TbStream sx = stream(d, "s_x"), my = stream(d, "m_y");
  const size_t beats = codes.size() / static_cast<size_t>(u.lanes);
  for (size_t b = 0; b < beats; ++b) {
    BeatWord wx, wy;
    for (int l = 0; l < u.lanes; ++l) {
      const int64_t x = codes[b * static_cast<size_t>(u.lanes) + static_cast<size_t>(l)];
      wx.add(mask(static_cast<uint64_t>(x), u.xw), u.xw);
      wy.add(mask(static_cast<uint64_t>(model.eval(x)), u.yw), u.yw);
    }
    const bool last = b % 5 == 4 || b + 1 == beats;
    sx.beats.push_back(wx.add(last, 1).hex());
    my.beats.push_back(wy.add(last, 1).hex());
  }
  bench.title = fmt::format("elementwise: {} input codes{} against the bit-exact GELU model.", codes.size(),
                            u.xw <= 12 ? " (every code)" : " (extremes and random)");
  bench.streams = {sx, my};
  return bench;
}

TbBench softmax_rows(const Design& d, std::mt19937_64& rng, TbBench bench) {
  const Lanes u(d);
  const int max_len = param(d, "max_len");
  const SoftmaxModel model = softmax_model_from_json(nlohmann::json::parse(d.model.dump()));
  TbStream sx = stream(d, "s_x"), my = stream(d, "m_y");
  std::vector<int> lengths = {1, 2, u.lanes + 1, 3 * u.lanes, std::min(max_len, 64), std::min(max_len, 128)};
  for (int i = 0; i < 8; ++i) lengths.push_back(1 + static_cast<int>(rng() % static_cast<uint64_t>(std::min(max_len, 100))));
  int vector_index = 0;
  for (int n : lengths) {
    n = std::min(n, max_len);
    std::vector<int64_t> codes;
    std::vector<bool> keep;
    for (int i = 0; i < n; ++i) {
      codes.push_back(std::uniform_int_distribution<int64_t>(u.lo(), u.hi())(rng));
      keep.push_back(vector_index % 3 != 2 || rng() % 4 != 0);  // every third vector has masked lanes
    }
    if (vector_index == 1) keep.assign(keep.size(), false);  // all masked: all zeros out
    while (codes.size() % static_cast<size_t>(u.lanes)) {
      codes.push_back(0);
      keep.push_back(false);
    }
    const auto y = model.eval(codes, keep);
    const size_t beats = codes.size() / static_cast<size_t>(u.lanes);
    for (size_t b = 0; b < beats; ++b) {
      BeatWord wx, wy;
      uint64_t keep_bits = 0;
      for (int l = 0; l < u.lanes; ++l) {
        const size_t i = b * static_cast<size_t>(u.lanes) + static_cast<size_t>(l);
        wx.add(mask(static_cast<uint64_t>(codes[i]), u.xw), u.xw);
        wy.add(mask(static_cast<uint64_t>(y[i]), u.yw), u.yw);
        if (keep[i]) keep_bits |= uint64_t{1} << l;
      }
      const bool last = b + 1 == beats;
      sx.beats.push_back(wx.add(last, 1).add(keep_bits, u.lanes).hex());
      my.beats.push_back(wy.add(last, 1).hex());
    }
    ++vector_index;
  }
  bench.title = fmt::format("softmax_rows: {} vectors (lengths 1..{}, masked lanes) against the bit-exact model.",
                            lengths.size(), max_len);
  bench.streams = {sx, my};
  return bench;
}

}  // namespace

TbBench protocol_vectors(const Design& d, uint64_t seed) {
  std::mt19937_64 rng(seed);
  TbBench bench;
  bench.top = d.top;
  bench.seed = seed;
  if (d.protocol == "os_tile") return os_tile(d, rng, bench);
  if (d.protocol == "ws_stream") return ws_stream(d, rng, bench);
  if (d.protocol == "elementwise") return elementwise(d, rng, bench);
  if (d.protocol == "softmax_rows") return softmax_rows(d, rng, bench);
  throw std::logic_error(fmt::format("no Verilog test bench for protocol {}", d.protocol));
}

}  // namespace bitloom::tb
