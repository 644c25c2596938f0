import BriefsHTTP

/// The route table of API v1, as data: the router, the 404/405 logic and the OpenAPI coverage test all use it.
public enum Routes {
    public static let healthz = Route("GET", "/healthz", name: "healthz")
    public static let metrics = Route("GET", "/metrics", name: "metrics")
    public static let openAPI = Route("GET", "/openapi.json", name: "openapi")
    public static let createArticle = Route("POST", "/v1/articles", name: "create_article")
    public static let listArticles = Route("GET", "/v1/articles", name: "list_articles")
    public static let getArticle = Route("GET", "/v1/articles/{id}", name: "get_article")
    public static let deleteArticle = Route("DELETE", "/v1/articles/{id}", name: "delete_article")
    public static let getBody = Route("GET", "/v1/articles/{id}/body", name: "get_article_body")
    public static let getFacts = Route("GET", "/v1/articles/{id}/facts", name: "get_article_facts")
    public static let listCountries = Route("GET", "/v1/countries", name: "list_countries")
    public static let getCountry = Route("GET", "/v1/countries/{country}", name: "get_country_brief")
    public static let snapshot = Route("POST", "/v1/admin/snapshot", name: "admin_snapshot")

    public static let all: [Route] = [
        healthz, metrics, openAPI, createArticle, listArticles, getArticle, deleteArticle, getBody, getFacts,
        listCountries, getCountry, snapshot,
    ]

    /// Routes that need the API token when one is configured.
    static let protected: Set<String> = [createArticle.name, deleteArticle.name, snapshot.name]
}
