import Foundation
import GridwayJSON
import GridwayTestSupport

/// Accessibility checks of the page a ``BrowserSession`` shows: axe-core's rules, and the size of touch targets.
extension BrowserSession {
    /// axe-core as the PyPI package `axe-selenium-python` bundles it (`node_modules/axe-core/axe.min.js` beside
    /// the package's module), found through `python3`; `nil` when the package is not installed.
    static let axeCore: String? = {
        let found = try? ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import axe_selenium_python, os; print(os.path.join(os.path.dirname(axe_selenium_python.__file__), 'node_modules', 'axe-core', 'axe.min.js'))",
            ]
        )
        guard let found, found.status == 0 else { return nil }
        return try? String(
            contentsOfFile: found.output.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
    }()

    /// Why the axe check cannot run here, if it cannot.
    static var axeUnavailableReason: String {
        "axe-core is not installed: pip install axe-selenium-python (python3-pip on Debian; .ci/run installs it)"
    }

    /// The serious and critical violations axe-core finds on the current page, one line each: the rule, its
    /// impact, what it asks and the elements that break it.
    func seriousAxeViolations() async throws -> [String] {
        guard let axe = Self.axeCore else { throw BrowserError(message: Self.axeUnavailableReason) }
        if try await run("return typeof window.axe === 'undefined'").boolValue != false { try await run(axe) }
        let found = try await run(
            """
            return axe.run(document).then(function (results) {
              return results.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                .map(function (v) {
                  return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
                });
            });
            """)
        return found.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The controls on the current page smaller than 44 × 44 CSS pixels, the size WCAG 2.5.5 asks of touch
    /// targets: buttons, inputs, selects, text areas, the menu's and the header's links, links styled as
    /// buttons, and the labels of check boxes and radio buttons (their target); links inside running text are
    /// exempt, as WCAG allows.
    func smallTouchTargets() async throws -> [String] {
        let found = try await run(
            """
            var targets = document.querySelectorAll(
              'button, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, summary, ' +
              'header a, nav a, a.button, label.check');
            return Array.prototype.filter.call(targets, function (e) {
              var box = e.getBoundingClientRect();
              return box.width > 0 && box.height > 0 && (box.width < 44 || box.height < 44);
            }).map(function (e) {
              var box = e.getBoundingClientRect();
              return e.outerHTML.slice(0, 120) + ' is ' + Math.round(box.width) + '×' + Math.round(box.height);
            });
            """)
        return found.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
