import Foundation

/// The report as JSON: every stored property of every value under its own name, an absent
/// one as `null` (a reader never has to tell "missing" from "none"), enums by their raw
/// value, a case with a payload as `{"case": payload}`.
///
/// ```swift
/// JSONForm.object(DiffLine(kind: .added, oldNumber: nil, newNumber: 7, text: "x", …))
/// // ["kind": "added", "oldNumber": NSNull(), "newNumber": 7, "text": "x", …]
/// ```
enum JSONForm {
  /// The pretty-printed text, keys sorted.
  static func text(_ value: Any) -> String {
    let object = self.object(value)
    let options: JSONSerialization.WritingOptions = [
      .prettyPrinted, .sortedKeys, .withoutEscapingSlashes,
    ]
    // Only strings, numbers, booleans, nulls, arrays and dictionaries are built: it encodes.
    let data = (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// - Complexity: O(n) in the number of values reachable from `value`.
  static func object(_ value: Any) -> Any {
    switch value {
    case let text as String: return text
    case let flag as Bool: return flag
    case let number as Int: return number
    case let number as Double: return number
    case let raw as any RawRepresentable: return object(raw.rawValue)
    default: break
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      return mirror.children.first.map { object($0.value) } ?? NSNull()
    case .collection, .set:
      return mirror.children.map { object($0.value) }
    case .enum:
      guard let payload = mirror.children.first, let name = payload.label else {
        return String(describing: value)
      }
      return [name: object(payload.value)]
    default:
      var fields: [String: Any] = [:]
      for child in mirror.children {
        guard let label = child.label else { continue }
        fields[label] = object(child.value)
      }
      return fields
    }
  }
}
