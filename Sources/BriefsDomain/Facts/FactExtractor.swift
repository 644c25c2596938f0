/// Extracts the facts of one article: countries, people, organisations, places, dates, figures, quotes and
/// key sentences. (Skeleton: implemented in the facts work.)
public struct FactExtractor: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    /// - Parameters:
    ///   - text: the body text; every offset is in Unicode scalars into it.
    ///   - title: the headline.
    ///   - publishedAt: RFC 3339 or `YYYY-MM-DD`; relative dates are resolved against it.
    public func facts(in text: String, title: String?, publishedAt: String?) -> Facts {
        .empty
    }
}
