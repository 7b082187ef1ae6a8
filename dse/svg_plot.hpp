// Small SVG charts for the HTML report, written as text: a scatter plot (optionally with
// a line through some of its points, e.g. a Pareto front) and a grouped bar chart. Every
// mark carries a <title> tooltip and may link somewhere.
#pragma once
#include <string>
#include <vector>

namespace bitloom::dse {

struct PlotPoint {
  double x = 0, y = 0;
  std::string series;   // legend entry and colour
  std::string label;    // tooltip
  std::string href;     // link ("" for none)
};

struct Scatter {
  std::string title, x_label, y_label;
  std::vector<PlotPoint> points;
  std::vector<std::pair<double, double>> line;  // drawn through these, in order
  std::string line_label;
  bool log_x = false, log_y = false;
};

struct Bar {
  std::string group;    // x-axis category
  std::string series;   // bar within the group
  double value = 0;
  std::string label, href;
};

struct Bars {
  std::string title, y_label;
  std::vector<Bar> bars;
  bool log_y = false;
};

std::string svg(const Scatter& p);
std::string svg(const Bars& b);

// Text safe inside HTML and SVG.
std::string html_escape(const std::string& s);

}  // namespace bitloom::dse
