#include "synth/bool_function.hpp"

#include <cctype>
#include <stdexcept>

namespace bitloom {

namespace {

// Recursive descent; precedence (low to high): | +, ^, & * (and juxtaposition), ! and '.
class Parser {
 public:
  Parser(const std::string& s, const std::map<std::string, bool>& pins) : s_(s), pins_(pins) {}
  bool parse() {
    bool v = expr();
    skip();
    if (pos_ != s_.size()) throw std::invalid_argument("trailing text");
    return v;
  }

 private:
  void skip() {
    while (pos_ < s_.size() && (std::isspace(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '"')) ++pos_;
  }
  char peek() {
    skip();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool starts_factor(char c) { return c == '!' || c == '(' || std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
  bool expr() {
    bool v = xor_term();
    while (peek() == '|' || peek() == '+') {
      ++pos_;
      v = xor_term() || v;
    }
    return v;
  }
  bool xor_term() {
    bool v = and_term();
    while (peek() == '^') {
      ++pos_;
      v = v != and_term();
    }
    return v;
  }
  bool and_term() {
    bool v = factor();
    for (;;) {
      const char c = peek();
      if (c == '&' || c == '*') {
        ++pos_;
        v = factor() && v;
      } else if (starts_factor(c)) {
        v = factor() && v;
      } else {
        return v;
      }
    }
  }
  bool factor() {
    if (peek() == '!') {
      ++pos_;
      return !factor();
    }
    bool v = primary();
    while (peek() == '\'') {
      ++pos_;
      v = !v;
    }
    return v;
  }
  bool primary() {
    const char c = peek();
    if (c == '(') {
      ++pos_;
      bool v = expr();
      if (peek() != ')') throw std::invalid_argument("missing )");
      ++pos_;
      return v;
    }
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    const std::string name = s_.substr(start, pos_ - start);
    if (name == "0" || name == "1") return name == "1";
    auto it = pins_.find(name);
    if (it == pins_.end()) throw std::invalid_argument("unknown pin " + name);
    return it->second;
  }

  const std::string& s_;
  const std::map<std::string, bool>& pins_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<bool> eval_liberty_function(const std::string& function,
                                          const std::map<std::string, bool>& pins) {
  try {
    return Parser(function, pins).parse();
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

std::vector<bool> truth_table(const std::string& function, const std::vector<std::string>& inputs) {
  std::vector<bool> table;
  for (size_t row = 0; row < (size_t{1} << inputs.size()); ++row) {
    std::map<std::string, bool> pins;
    for (size_t i = 0; i < inputs.size(); ++i) pins[inputs[i]] = (row >> i) & 1;
    auto v = eval_liberty_function(function, pins);
    if (!v) return {};
    table.push_back(*v);
  }
  return table;
}

}  // namespace bitloom
