/// Results written from concurrent workers (`DispatchQueue.concurrentPerform`), each into the
/// slot of its own index: no lock, since no two workers write one slot and nobody reads
/// before the workers are done.
///
/// ```swift
/// var out = [Int?](repeating: nil, count: 4)
/// out.withUnsafeMutableBufferPointer { buffer in
///   let slots = ConcurrentSlots(buffer: buffer)
///   DispatchQueue.concurrentPerform(iterations: 4) { slots.buffer[$0] = $0 * $0 }
/// }
/// ```
struct ConcurrentSlots<Value>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Value>
}
