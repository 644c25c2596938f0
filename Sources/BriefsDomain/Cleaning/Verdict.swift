/// The class of a block during cleaning (jusText's classes) and, for dropped blocks, why.
struct Verdict: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case good, nearGood, short, bad
    }

    var kind: Kind
    var reason: String?
    /// Dropped for a cue category (an appeal, share bar...), not just for its shape.
    var isCue = false

    init(_ kind: Kind, reason: String? = nil, isCue: Bool = false) {
        self.kind = kind
        self.reason = reason
        self.isCue = isCue
    }
}
