#include "hw/header_reader.hpp"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <stdexcept>
#include <vector>

namespace bitloom::hw {

namespace {

// The text without comments and attributes, split into identifiers, numbers and symbols.
std::vector<std::string> tokens_of(const std::string& v) {
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size();) {
    const char c = v[i];
    if (v.compare(i, 2, "//") == 0) {
      i = v.find('\n', i);
      if (i == std::string::npos) break;
    } else if (v.compare(i, 2, "/*") == 0) {
      i = v.find("*/", i);
      if (i == std::string::npos) break;
      i += 2;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '`' || c == '$') {
      size_t j = i;
      while (j < v.size() && (std::isalnum(static_cast<unsigned char>(v[j])) || v[j] == '_' || v[j] == '`' || v[j] == '$'))
        ++j;
      out.push_back(v.substr(i, j - i));
      i = j;
    } else {
      out.push_back(std::string(1, c));
      ++i;
    }
  }
  return out;
}

class HeaderReader {
 public:
  explicit HeaderReader(const std::string& v) : t_(tokens_of(v)) {}

  Module read() {
    while (pos_ < t_.size() && t_[pos_] != "module") ++pos_;
    if (pos_ == t_.size()) fail("no module declaration");
    ++pos_;
    Module m(next(), "");
    if (peek() == "#") {
      ++pos_;
      expect("(");
      while (peek() != ")") parameter();
      ++pos_;
    }
    expect("(");
    while (peek() != ")") port(m);
    return m;
  }

 private:
  void parameter() {
    expect("parameter");
    if (peek() == "integer") ++pos_;
    const std::string name = next();
    expect("=");
    params_[name] = sum();
    if (peek() == ",") ++pos_;
  }

  void port(Module& m) {
    const std::string dir = next();
    if (dir != "input" && dir != "output") fail(fmt::format("a port declared '{}'", dir));
    bool is_reg = false;
    if (peek() == "wire" || peek() == "reg") is_reg = next() == "reg";
    const bool is_signed = peek() == "signed";
    if (is_signed) ++pos_;
    long long width = 1;
    if (peek() == "[") {
      ++pos_;
      const long long msb = sum();
      expect(":");
      const long long lsb = sum();
      expect("]");
      width = msb - lsb + 1;
    }
    const std::string name = next();
    if (dir == "input") m.input(name, static_cast<int>(width));
    else if (is_reg) m.output_reg(name, static_cast<int>(width));
    else m.output(name, static_cast<int>(width));
    if (is_signed) m.make_signed(name);
    if (peek() == ",") ++pos_;
  }

  long long sum() {
    long long v = product();
    while (peek() == "+" || peek() == "-") v = next() == "+" ? v + product() : v - product();
    return v;
  }
  long long product() {
    long long v = atom();
    while (peek() == "*" || peek() == "/") {
      const bool times = next() == "*";
      const long long r = atom();
      if (!times && r == 0) fail("a division by zero");
      v = times ? v * r : v / r;
    }
    return v;
  }
  long long atom() {
    const std::string t = next();
    if (t == "(") {
      const long long v = sum();
      expect(")");
      return v;
    }
    if (t == "-") return -atom();
    if (std::isdigit(static_cast<unsigned char>(t[0]))) return std::stoll(t);
    auto it = params_.find(t);
    if (it == params_.end()) fail(fmt::format("'{}' in a width is not a parameter", t));
    return it->second;
  }

  const std::string& peek() const {
    static const std::string end;
    return pos_ < t_.size() ? t_[pos_] : end;
  }
  std::string next() {
    if (pos_ == t_.size()) fail("the header ends early");
    return t_[pos_++];
  }
  void expect(const char* what) {
    if (next() != what) fail(fmt::format("expected '{}' near token {}", what, pos_));
  }
  [[noreturn]] void fail(const std::string& what) const { throw std::logic_error("hw: module header: " + what); }

  std::vector<std::string> t_;
  size_t pos_ = 0;
  std::map<std::string, long long> params_;
};

}  // namespace

Module read_module_header(const std::string& verilog) { return HeaderReader(verilog).read(); }

}  // namespace bitloom::hw
