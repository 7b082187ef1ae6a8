#include "dse/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace bitloom::dse {

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr double kW = 640, kH = 400, kLeft = 80, kRight = 170, kTop = 40, kBottom = 70;
const char* kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};

// A linear or logarithmic axis mapped onto [a, b] pixels, with round tick values.
struct Scale {
  double lo, hi, a, b;
  bool log;
  double operator()(double v) const {
    const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
    return a + t * (b - a);
  }
  std::vector<double> ticks() const {
    std::vector<double> t;
    if (log) {
      // 1, 2, 5 per decade over a short range; only the decades over a long one.
      const bool dense = std::log10(hi / lo) < 3;
      for (double d = std::pow(10, std::floor(std::log10(lo))); d <= hi * 1.0001; d *= 10)
        for (double m : dense ? std::vector<double>{1.0, 2.0, 5.0} : std::vector<double>{1.0})
          if (d * m >= lo * 0.9999 && d * m <= hi * 1.0001) t.push_back(d * m);
      return t;
    }
    const double raw = (hi - lo) / 5, mag = std::pow(10, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push_back(v);
    return t;
  }
};

Scale fit(std::vector<double> v, double a, double b, bool log, bool from_zero) {
  if (v.empty()) v = {0, 1};
  double lo = *std::min_element(v.begin(), v.end()), hi = *std::max_element(v.begin(), v.end());
  if (log) {
    lo = std::max(lo, 1e-12);
    return Scale{lo / 1.3, hi * 1.3, a, b, true};
  }
  if (from_zero) lo = std::min(lo, 0.0);
  const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(1.0, std::abs(hi) * 0.1);
  return Scale{from_zero && lo >= 0 ? lo : lo - pad, hi + pad, a, b, false};
}

std::string number(double v) {
  if (std::abs(v) < 1e-9) return "0";  // never "-0"
  if (v != 0 && (std::abs(v) >= 1e6 || std::abs(v) < 1e-2)) return fmt::format("{:.3g}", v);
  return fmt::format("{:.6g}", v);
}

std::string frame(const std::string& title, const Scale& x, const Scale& y, const std::string& xl, const std::string& yl,
                  bool x_ticks) {
  std::string s = fmt::format(R"svg(<text x="{}" y="22" class="title">{}</text>)svg", kLeft, html_escape(title));
  s += fmt::format(R"svg(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="axis"/><line x1="{0}" y1="{3}" x2="{0}" y2="{1}" class="axis"/>)svg",
                   kLeft, kH - kBottom, kW - kRight, kTop);
  for (double t : y.ticks())
    s += fmt::format(R"svg(<line x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}" class="grid"/><text x="{3}" y="{4:.1f}" class="tick" text-anchor="end">{5}</text>)svg",
                     kLeft, y(t), kW - kRight, kLeft - 6, y(t) + 4, number(t));
  if (x_ticks)
    for (double t : x.ticks())
      s += fmt::format(R"svg(<text x="{:.1f}" y="{}" class="tick" text-anchor="middle">{}</text>)svg", x(t), kH - kBottom + 16, number(t));
  s += fmt::format(R"svg(<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>)svg", (kLeft + kW - kRight) / 2, kH - 10,
                   html_escape(xl));
  s += fmt::format(R"svg(<text x="16" y="{0}" class="label" text-anchor="middle" transform="rotate(-90 16 {0})">{1}</text>)svg",
                   (kTop + kH - kBottom) / 2, html_escape(yl));
  return s;
}

std::string legend(const std::vector<std::string>& series) {
  std::string s;
  for (size_t i = 0; i < series.size(); ++i)
    s += fmt::format(R"svg(<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" class="tick">{}</text>)svg",
                     kW - kRight + 14, kTop + 16 * i, kColours[i % 8], kW - kRight + 30, kTop + 9 + 16 * i, html_escape(series[i]));
  return s;
}

// One data mark: <element attributes> with a tooltip, linked when href is given.
std::string mark(const std::string& element, const std::string& attributes, const std::string& label,
                 const std::string& href) {
  const std::string m = fmt::format("<{0} {1}><title>{2}</title></{0}>", element, attributes, html_escape(label));
  return href.empty() ? m : fmt::format(R"svg(<a href="{}">{}</a>)svg", html_escape(href), m);
}

std::vector<std::string> series_of(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  return out;
}

}  // namespace

std::string svg(const Scatter& p) {
  std::vector<double> xs, ys;
  std::vector<std::string> names;
  for (const PlotPoint& q : p.points) xs.push_back(q.x), ys.push_back(q.y), names.push_back(q.series);
  const Scale x = fit(xs, kLeft, kW - kRight, p.log_x, false), y = fit(ys, kH - kBottom, kTop, p.log_y, false);
  const std::vector<std::string> series = series_of(names);
  std::string s = fmt::format(R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="{}" height="{}" viewBox="0 0 {} {}">)svg",
                              kW, kH, kW, kH);
  s += frame(p.title, x, y, p.x_label, p.y_label, true);
  if (!p.line.empty()) {
    std::string pts;
    for (const auto& [a, b] : p.line) pts += fmt::format("{:.1f},{:.1f} ", x(a), y(b));
    s += fmt::format(R"svg(<polyline points="{}" class="front"><title>{}</title></polyline>)svg", pts, html_escape(p.line_label));
  }
  for (const PlotPoint& q : p.points) {
    const size_t c = std::find(series.begin(), series.end(), q.series) - series.begin();
    s += mark("circle", fmt::format(R"svg(class="point" cx="{:.1f}" cy="{:.1f}" r="5" fill="{}")svg", x(q.x), y(q.y), kColours[c % 8]),
              q.label, q.href);
  }
  return s + legend(series) + "</svg>\n";
}

std::string svg(const Bars& b) {
  std::vector<std::string> groups, names;
  std::vector<double> ys;
  for (const Bar& r : b.bars) groups.push_back(r.group), names.push_back(r.series), ys.push_back(r.value);
  groups = series_of(groups);
  const std::vector<std::string> series = series_of(names);
  const Scale y = fit(ys, kH - kBottom, kTop, b.log_y, !b.log_y);
  const Scale x{0, 1, kLeft, kW - kRight, false};
  std::string s = fmt::format(R"svg(<svg xmlns="http://www.w3.org/2000/svg" class="plot" width="{}" height="{}" viewBox="0 0 {} {}">)svg",
                              kW, kH, kW, kH);
  s += frame(b.title, x, y, "", b.y_label, false);
  const double slot = (kW - kRight - kLeft) / std::max<size_t>(1, groups.size());
  const double bw = slot * 0.8 / std::max<size_t>(1, series.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    // Category names slant so that long ones do not run into each other.
    const double gx = kLeft + slot * (g + 0.5), gy = kH - kBottom + 14;
    s += fmt::format(R"svg(<text x="{0:.1f}" y="{1}" class="tick" text-anchor="end" transform="rotate(-25 {0:.1f} {1})">{2}</text>)svg",
                     gx, gy, html_escape(groups[g]));
    for (const Bar& r : b.bars) {
      if (r.group != groups[g]) continue;
      const size_t c = std::find(series.begin(), series.end(), r.series) - series.begin();
      const double top = y(r.value), base = y(b.log_y ? y.lo : 0.0);
      s += mark("rect",
                fmt::format(R"svg(class="point" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}")svg",
                            kLeft + slot * g + slot * 0.1 + bw * c, std::min(top, base), bw, std::abs(base - top), kColours[c % 8]),
                r.label, r.href);
    }
  }
  return s + legend(series) + "</svg>\n";
}

}  // namespace bitloom::dse
