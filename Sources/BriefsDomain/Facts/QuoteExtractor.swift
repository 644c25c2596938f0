/// Finds direct quotes and resolves their speakers to people when possible.
/// (Skeleton: implemented in the entities work.)
public struct QuoteExtractor: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func quotes(in document: TextDocument, sentences: [Range<Int>], people: [PersonFact]) -> [QuoteFact] {
        []
    }
}
