/// Indices of the cue categories that rules treat specially; every category drops blocks the same generic way.
struct CueCategories: Sendable {
    var byline: Int?
    var related: Int?
    var comments: Int?
    var dateline: Int?

    init(lexicon: CleaningLexicon) {
        dateline = lexicon.category(named: "dateline")
        byline = lexicon.category(named: "byline")
        related = lexicon.category(named: "related")
        comments = lexicon.category(named: "comments")
    }
}
