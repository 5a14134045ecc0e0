import Foundation

/// Simple bar charts drawn as inline SVG, scaled by their `viewBox` to any width; no script, no library.
///
/// Drawn ``width`` units wide with 15-unit text, so that at a phone's width (a 390-px screen leaves
/// the chart about 340 px) the labels are still at least 12 px high.
enum PortalChart {
    /// The width every chart is drawn at, in `viewBox` units.
    static let width = 400.0

    /// Horizontal bars, one per labelled value, for a breakdown by unit.
    static func horizontal(_ bars: [(label: String, value: Double)], title: String) -> HTML {
        let rowHeight = 30.0
        let labelWidth = 140.0
        let height = max(rowHeight * Double(bars.count) + 10, 40)
        let top = bars.map(\.value).max().map { $0 > 0 ? $0 : 1 } ?? 1
        let rows = bars.enumerated().html { index, bar -> HTML in
            let y = 5 + Double(index) * rowHeight
            let length = (width - labelWidth - 60) * bar.value / top
            return """
                <text x="\(format(labelWidth - 8))" y="\(format(y + 20))" text-anchor="end" class="chart-label">\(bar.label)</text>
                <rect x="\(format(labelWidth))" y="\(format(y + 5))" width="\(format(max(length, 1)))" height="\(format(rowHeight - 10))" class="chart-bar"><title>\(bar.label): \(number(bar.value))</title></rect>
                <text x="\(format(labelWidth + length + 6))" y="\(format(y + 20))" class="chart-value">\(number(bar.value))</text>
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="\(title)" preserveAspectRatio="xMinYMin meet">
            <title>\(title)</title>\(rows)</svg><figcaption>\(title)</figcaption></figure>
            """
    }

    /// Vertical bars, one per period, oldest first, for a measure over time; a label such as
    /// `2026-12-07` is written on two lines (`2026`, `12-07`) so that six fit side by side.
    static func vertical(_ bars: [(label: String, value: Double)], title: String) -> HTML {
        let height = 250.0
        let bottom = 200.0
        let slot = width / Double(max(bars.count, 1))
        let top = bars.map(\.value).max().map { $0 > 0 ? $0 : 1 } ?? 1
        let columns = bars.enumerated().html { index, bar -> HTML in
            let length = 170 * bar.value / top
            let x = Double(index) * slot + slot * 0.2
            return """
                <rect x="\(format(x))" y="\(format(bottom - length))" width="\(format(slot * 0.6))" height="\(format(max(length, 1)))" class="chart-bar"><title>\(bar.label): \(number(bar.value))</title></rect>
                <text x="\(format(x + slot * 0.3))" y="\(format(bottom - length - 6))" text-anchor="middle" class="chart-value">\(number(bar.value))</text>
                \(twoLineLabel(bar.label, x: x + slot * 0.3, y: bottom + 20))
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="\(title)" preserveAspectRatio="xMinYMin meet">
            <title>\(title)</title><line x1="0" y1="\(format(bottom))" x2="\(format(width))" y2="\(format(bottom))" class="chart-axis"/>\(columns)</svg>
            <figcaption>\(title)</figcaption></figure>
            """
    }

    /// A label split after its first `-` into two centred lines, or one line without a `-`.
    private static func twoLineLabel(_ label: String, x: Double, y: Double) -> HTML {
        let parts = label.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            return
                "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"middle\" class=\"chart-label\">\(label)</text>"
        }
        return """
            <text x="\(format(x))" y="\(format(y))" text-anchor="middle" class="chart-label"><tspan x="\(format(x))">\(parts[0])</tspan><tspan x="\(format(x))" dy="18">\(parts[1])</tspan></text>
            """
    }

    /// A figure as shown: whole numbers plainly, others to two decimals.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
