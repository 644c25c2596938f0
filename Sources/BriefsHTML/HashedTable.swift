/// A small read-mostly map from 64-bit FNV-1a hashes to values, with open addressing and linear probing.
///
/// The keys are already well-mixed hashes, so lookups skip `Hasher` (SipHash), which is measurable when every
/// element of a page is looked up. Key 0 marks an empty slot (no FNV-1a hash of a real name is 0 in practice; a
/// value stored under 0 is simply not found).
struct HashedTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        mask = size - 1
    }

    subscript(key: UInt64) -> Value? {
        get {
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while true {
                let stored = keys[slot]
                if stored == key { return values[slot] }
                if stored == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }
        set {
            guard key != 0, let newValue else { return }
            if (count + 1) * 2 > keys.count { grow() }
            var slot = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            if keys[slot] == 0 { count += 1 }
            keys[slot] = key
            values[slot] = newValue
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Value?](repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (index, key) in oldKeys.enumerated() where key != 0 { self[key] = oldValues[index] }
    }
}
