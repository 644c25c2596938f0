/// Finds dates and resolves them against the publication date to TIMEX3-style values.
/// (Skeleton: implemented in the entities work.)
public struct DateExtractor: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func dates(in document: TextDocument, sentences: [Range<Int>], publishedAt: String?) -> [DateFact] {
        []
    }
}
