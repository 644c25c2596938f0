/// The ISO 3166-1 countries (plus Kosovo, `XK`) with their codes and names, from `Config/lexicons/`.
/// (Skeleton: implemented in the geo work.)
public struct CountryCatalog: Sendable {
    public struct Country: Sendable, Equatable, Codable {
        public var alpha2: String
        public var alpha3: String
        public var name: String

        public init(alpha2: String, alpha3: String, name: String) {
            self.alpha2 = alpha2
            self.alpha3 = alpha3
            self.name = name
        }
    }

    public init(config: ConfigFiles) throws(ConfigFileError) {}

    /// Resolves an alpha-2 or alpha-3 code or a name, in any case ("AL", "alb", "Albania").
    public func country(matching query: String) -> Country? { nil }

    /// The country with alpha-2 `code`.
    public func country(code: String) -> Country? { nil }
}
