import Foundation

/// Simple bar charts drawn as inline SVG, scaled by their `viewBox` to any width; no script, no library.
enum PortalChart {
    /// Horizontal bars, one per labelled value, for a breakdown by unit.
    static func horizontal(_ bars: [(label: String, value: Double)], title: String) -> HTML {
        let rowHeight = 28.0
        let labelWidth = 180.0
        let width = 640.0
        let height = max(rowHeight * Double(bars.count) + 10, 40)
        let top = bars.map(\.value).max().map { $0 > 0 ? $0 : 1 } ?? 1
        let rows = bars.enumerated().html { index, bar -> HTML in
            let y = 5 + Double(index) * rowHeight
            let length = (width - labelWidth - 70) * bar.value / top
            return """
                <text x="\(format(labelWidth - 8))" y="\(format(y + 18))" text-anchor="end" class="chart-label">\(bar.label)</text>
                <rect x="\(format(labelWidth))" y="\(format(y + 4))" width="\(format(max(length, 1)))" height="\(format(rowHeight - 10))" class="chart-bar"><title>\(bar.label): \(number(bar.value))</title></rect>
                <text x="\(format(labelWidth + length + 6))" y="\(format(y + 18))" class="chart-value">\(number(bar.value))</text>
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="\(title)" preserveAspectRatio="xMinYMin meet">
            <title>\(title)</title>\(rows)</svg><figcaption>\(title)</figcaption></figure>
            """
    }

    /// Vertical bars, one per period, oldest first, for a measure over time.
    static func vertical(_ bars: [(label: String, value: Double)], title: String) -> HTML {
        let width = 640.0
        let height = 240.0
        let bottom = 200.0
        let slot = width / Double(max(bars.count, 1))
        let top = bars.map(\.value).max().map { $0 > 0 ? $0 : 1 } ?? 1
        let columns = bars.enumerated().html { index, bar -> HTML in
            let length = 170 * bar.value / top
            let x = Double(index) * slot + slot * 0.2
            return """
                <rect x="\(format(x))" y="\(format(bottom - length))" width="\(format(slot * 0.6))" height="\(format(max(length, 1)))" class="chart-bar"><title>\(bar.label): \(number(bar.value))</title></rect>
                <text x="\(format(x + slot * 0.3))" y="\(format(bottom - length - 6))" text-anchor="middle" class="chart-value">\(number(bar.value))</text>
                <text x="\(format(x + slot * 0.3))" y="\(format(bottom + 22))" text-anchor="middle" class="chart-label">\(bar.label)</text>
                """
        }
        return """
            <figure class="chart"><svg viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="\(title)" preserveAspectRatio="xMinYMin meet">
            <title>\(title)</title><line x1="0" y1="\(format(bottom))" x2="\(format(width))" y2="\(format(bottom))" class="chart-axis"/>\(columns)</svg>
            <figcaption>\(title)</figcaption></figure>
            """
    }

    /// A figure as shown: whole numbers plainly, others to two decimals.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
