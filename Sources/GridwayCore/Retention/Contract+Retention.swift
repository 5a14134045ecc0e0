import Foundation
import GridwayJSON
import OrderedCollections

extension Contract {
    /// Whether any field, nested ones included, holds personal information (a PII class other than `none`).
    public var holdsPersonalData: Bool {
        Contract.holdsPersonalData(fields)
    }

    /// The first day personal data of a submission for `period` is no longer held: the day after
    /// the period's end, moved forward by `retention`; `nil` when that is after 9999.
    public static func erasureDay(of period: Period, retention: CalendarDuration) -> CalendarDay? {
        retention.added(to: period.end.adding(days: 1))
    }

    /// The submissions whose personal data has outlived `retention` at `now`, counted from the end
    /// of each submission's period (from the day it was received for a contract without periods),
    /// in whole days of UTC; `nil` when none has yet.
    public func retentionCutoff(_ retention: CalendarDuration, at now: Date) -> RetentionCutoff? {
        let today = CalendarDay(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
        let type = periodType == .none ? PeriodType.day : periodType
        guard let last = Contract.lastExpiredPeriod(of: type, retention: retention, today: today) else { return nil }
        guard periodType == .none else { return .periodsThrough(last.description) }
        return .receivedBefore(Date(timeIntervalSince1970: Double(last.end.adding(days: 1).daysSinceEpoch) * 86_400))
    }

    /// `data` without the values of its personal fields, and the pointers of the values removed
    /// (a personal field inside an array is removed from each of its items). Non-personal fields
    /// are kept as they are.
    public func erasingPersonalData(in data: JSONValue) -> (data: JSONValue, erased: [JSONPointer]) {
        var result = data
        var erased: [JSONPointer] = []
        Contract.erasePersonalFields(fields, in: &result, at: .root, erased: &erased)
        return (result, erased)
    }

    /// Whether any of `fields`, nested ones included, holds personal information.
    static func holdsPersonalData(_ fields: [ContractField]) -> Bool {
        fields.contains { $0.pii != .none || holdsPersonalData($0.fields) }
    }

    /// The latest period of `type` whose erasure day is `today` or earlier; `nil` when there is none.
    private static func lastExpiredPeriod(of type: PeriodType, retention: CalendarDuration, today: CalendarDay)
        -> Period?
    {
        func isExpired(_ period: Period) -> Bool {
            erasureDay(of: period, retention: retention).map { $0 <= today } ?? false
        }
        guard let estimate = retention.subtracted(from: today),
            var candidate = try? Period(containing: estimate, as: type)
        else { return nil }
        while !isExpired(candidate) {
            let earlierDay = candidate.start.adding(days: -1)
            guard earlierDay.year >= 1, let earlier = try? Period(containing: earlierDay, as: type) else { return nil }
            candidate = earlier
        }
        while let later = try? Period(containing: candidate.end.adding(days: 1), as: type), isExpired(later) {
            candidate = later
        }
        return candidate
    }

    private static func erasePersonalFields(
        _ fields: [ContractField], in value: inout JSONValue, at pointer: JSONPointer, erased: inout [JSONPointer]
    ) {
        guard case .object(var object) = value else { return }
        for field in fields {
            guard var child = object[field.name] else { continue }
            let childPointer = pointer.appending(field.name)
            if field.pii != .none {
                object[field.name] = nil
                erased.append(childPointer)
                continue
            }
            guard !field.fields.isEmpty else { continue }
            if case .array(var items) = child {
                for index in items.indices {
                    erasePersonalFields(
                        field.fields, in: &items[index], at: childPointer.appending(index: index), erased: &erased)
                }
                child = .array(items)
            } else {
                erasePersonalFields(field.fields, in: &child, at: childPointer, erased: &erased)
            }
            object[field.name] = child
        }
        value = .object(object)
    }
}
