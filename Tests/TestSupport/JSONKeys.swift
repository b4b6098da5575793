/// Every key of every object in a JSON value (from `JSONSerialization`): what a test holds
/// to the keys README.md documents.
///
/// ```swift
/// jsonKeys(["a": [["b": 1]]])  // ["a", "b"]
/// ```
public func jsonKeys(_ value: Any) -> Set<String> {
  if let object = value as? [String: Any] {
    return Set(object.keys).union(object.values.flatMap(jsonKeys))
  }
  if let array = value as? [Any] { return Set(array.flatMap(jsonKeys)) }
  return []
}
