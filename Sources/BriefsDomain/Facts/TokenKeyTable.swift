/// A dictionary keyed by token keys whose look-ups of absent keys (most tokens, for a lexicon table) cost one
/// probe of a `TokenKeySet` instead of hashing with `Hasher`; present keys are then read from the dictionary.
struct TokenKeyTable<Value: Sendable>: Sendable {
    private(set) var dictionary: [UInt64: Value] = [:]
    /// Every key ever stored: a superset of `dictionary`'s keys (a key set to nil stays here; the dictionary
    /// still answers nil for it).
    private var present = TokenKeySet()

    init() {}

    var keys: Dictionary<UInt64, Value>.Keys { dictionary.keys }
    var isEmpty: Bool { dictionary.isEmpty }

    subscript(key: UInt64) -> Value? {
        get { present.contains(key) ? dictionary[key] : nil }
        set {
            if newValue != nil { present.insert(key) }
            dictionary[key] = newValue
        }
    }
}
