import Foundation

/// A check run inside the browser on a copy of the report page: the script is added only to
/// the copy (the page itself has none), measures the rendered DOM, and leaves its answer in
/// an attribute of `<body>` that `--dump-dom` prints.
enum PageAudit {
  /// What the browser measured.
  struct Result: Decodable {
    var treeNodes: Int
    var treeLinksToPatches: Int
    var findingRows: Int
    /// Finding rows not directly under the row of their line (`data-line` vs the row's numbers).
    var misplaced: [String]
    var findingLines: [Int]
    var svgs: Int
    var svgsWithoutTitle: Int
    var firstSvgSteps: Int
    var firstSvgCycleMarks: Int
    var firstSvgTitle: String
    var imagesWithoutAlt: Int
    /// Text whose contrast with what is behind it is under WCAG AA (4.5:1, 3:1 for large text).
    var lowContrast: [String]
    var textChecked: Int
    var pageWidth: Int
    var viewportWidth: Int
    var badges: [String]
    var scripts: Int
  }

  static let script = #"""
    <script>
    (function () {
      function rgb(text) {
        var m = text.match(/rgba?\(([^)]+)\)/); if (!m) return null;
        var p = m[1].split(/[ ,\/]+/).filter(function (x) { return x.length; }).map(Number);
        return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
      }
      function lum(c) {
        return [c.r, c.g, c.b].map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
          .reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
      }
      function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
      function background(el) {
        if (el instanceof SVGElement) {
          var g = el.closest('g'); var rect = g && g.querySelector('rect');
          if (rect) { var f = rgb(getComputedStyle(rect).fill); if (f && f.a > 0) return f; }
          el = el.closest('svg').parentElement;
        }
        for (; el; el = el.parentElement) {
          var c = rgb(getComputedStyle(el).backgroundColor); if (c && c.a > 0) return c;
        }
        return { r: 255, g: 255, b: 255, a: 1 };
      }
      var low = [], checked = 0;
      document.querySelectorAll('body *').forEach(function (el) {
        var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim().length; });
        if (!own || el.closest('script,style,title,desc') || !el.getClientRects().length) return;
        var style = getComputedStyle(el); if (style.visibility === 'hidden' || style.display === 'none') return;
        var fg = rgb(el instanceof SVGElement ? style.fill : style.color); if (!fg) return;
        var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
        var large = size >= 24 || (bold && size >= 18.66);
        var r = ratio(fg, background(el)); checked++;
        if (r < (large ? 3 : 4.5)) low.push(el.tagName + ' "' + el.textContent.trim().slice(0, 40) + '" ' + r.toFixed(2));
      });
      var rows = document.querySelectorAll('tr.finding-row'), misplaced = [], lines = [];
      rows.forEach(function (row) {
        var line = row.getAttribute('data-line'); lines.push(Number(line));
        var at = row.previousElementSibling;
        while (at && at.classList.contains('finding-row')) at = at.previousElementSibling;
        if (!at || (at.getAttribute('data-new') !== line && at.getAttribute('data-old') !== line))
          misplaced.push(line + ' under ' + (at ? at.getAttribute('data-old') + '/' + at.getAttribute('data-new') : 'nothing'));
      });
      var svgs = document.querySelectorAll('svg'), first = svgs[0];
      var untitled = Array.prototype.filter.call(svgs, function (s) {
        var t = s.querySelector(':scope > title');
        return !(t && t.textContent.trim()) && !s.getAttribute('aria-label');
      }).length;
      var result = {
        treeNodes: document.querySelectorAll('#thread .tree .node').length,
        treeLinksToPatches: document.querySelectorAll('#thread .tree .node a.chip').length,
        findingRows: rows.length, misplaced: misplaced, findingLines: lines,
        svgs: svgs.length, svgsWithoutTitle: untitled,
        firstSvgSteps: first ? first.querySelectorAll('g.step rect').length : 0,
        firstSvgCycleMarks: first ? first.querySelectorAll('.cycle-mark').length : 0,
        firstSvgTitle: first ? first.querySelector('title').textContent : '',
        imagesWithoutAlt: document.querySelectorAll('img:not([alt])').length,
        lowContrast: low, textChecked: checked,
        pageWidth: document.documentElement.scrollWidth, viewportWidth: window.innerWidth,
        badges: Array.prototype.map.call(document.querySelectorAll('.badge'), function (b) { return b.textContent.trim(); }),
        scripts: document.querySelectorAll('script').length - 1
      };
      var answer = btoa(unescape(encodeURIComponent(JSON.stringify(result))));
      document.body.setAttribute('data-audit', answer);
      if (window.parent !== window) window.parent.postMessage(answer, '*');
    })();
    </script>
    """#

  /// Runs the audit on `page` at `width` CSS pixels. Headless windows are at least 500
  /// pixels wide, so a narrower page is measured in a frame of that width, which hands the
  /// answer to its parent.
  static func run(_ page: URL, width: Int, in folder: URL) throws -> Result {
    let html = try String(contentsOf: page, encoding: .utf8)
    let copy = folder.appendingPathComponent("audit-\(width).html")
    try Data(html.replacingOccurrences(of: "</body>", with: script + "</body>").utf8).write(
      to: copy)
    var opened = copy
    if width < 500 {
      opened = folder.appendingPathComponent("frame-\(width).html")
      let frame = """
        <!DOCTYPE html><html><body style="margin:0">
        <iframe src="\(copy.lastPathComponent)" style="width:\(width)px;height:800px;border:0"></iframe>
        <script>window.addEventListener('message', function (e) {
          document.body.setAttribute('data-audit', e.data); });</script></body></html>
        """
      try Data(frame.utf8).write(to: opened)
    }
    let dom = try Chromium.dom(opened, width: max(width, 500), in: folder)
    guard let start = dom.range(of: "data-audit=\""),
      let end = dom[start.upperBound...].firstIndex(of: "\""),
      let data = Data(base64Encoded: String(dom[start.upperBound..<end]))
    else { throw AuditMissing(dom: String(dom.prefix(300))) }
    return try JSONDecoder().decode(Result.self, from: data)
  }

  struct AuditMissing: Error {
    var dom: String
  }
}
