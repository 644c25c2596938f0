import BriefsDomain
import BriefsHTTP
import BriefsStore
import Foundation

/// The problem types the API answers with (RFC 9457). Each `type` has one fixed `title`.
enum Problems {
    static func notFound(_ detail: String) -> Problem {
        Problem(type: "/problems/not-found", title: "Not found", status: 404, detail: detail)
    }

    static func methodNotAllowed(_ method: String, allowed: [String]) -> Problem {
        Problem(
            type: "/problems/method-not-allowed", title: "Method not allowed", status: 405,
            detail: "\(method) is not allowed here; allowed: \(allowed.joined(separator: ", "))",
            headers: HTTPHeaders([("Allow", allowed.joined(separator: ", "))]))
    }

    static func badRequest(_ detail: String, parameter: String? = nil) -> Problem {
        Problem(
            type: "/problems/bad-request", title: "Bad request", status: 400, detail: detail,
            extensions: parameter.map { ["parameter": $0] } ?? [:])
    }

    static func malformedJSON(_ detail: String) -> Problem {
        Problem(type: "/problems/malformed-json", title: "Malformed JSON", status: 400, detail: detail)
    }

    static func invalidField(_ field: String, _ detail: String) -> Problem {
        Problem(
            type: "/problems/invalid-field", title: "Invalid field", status: 422, detail: detail,
            extensions: ["field": field])
    }

    static func unsupportedMediaType(_ detail: String) -> Problem {
        Problem(
            type: "/problems/unsupported-media-type", title: "Unsupported media type", status: 415, detail: detail)
    }

    static func unauthorized() -> Problem {
        Problem(
            type: "/problems/unauthorized", title: "Unauthorized", status: 401,
            detail: "this route needs the header Authorization: Bearer <API token>",
            headers: HTTPHeaders([("WWW-Authenticate", "Bearer realm=\"newsbriefs\"")]))
    }

    static func unknownCountry(_ query: String) -> Problem {
        Problem(
            type: "/problems/unknown-country", title: "Unknown country", status: 404,
            detail: "no country matches \"\(String(query.prefix(100)))\" (use an ISO 3166-1 alpha-2 or alpha-3 code or a name)")
    }

    static func storageUnavailable(_ detail: String) -> Problem {
        Problem(
            type: "/problems/storage-unavailable", title: "Storage unavailable", status: 503, detail: detail,
            headers: HTTPHeaders([("Retry-After", "30")]))
    }

    static func internalError(requestID: String) -> Problem {
        Problem(
            type: "about:blank", title: "Internal Server Error", status: 500,
            detail: "the server failed to handle the request (request id \(requestID))")
    }

    /// Maps a store failure: a full or read-only disk is 503 (reads keep working); anything else is 500.
    static func store(_ error: StoreError, requestID: String) -> Problem {
        if error.isStorageUnavailable {
            return storageUnavailable("the article store cannot write now (disk full or read-only); nothing was changed")
        }
        switch error {
        case .badCursor:
            return badRequest("the cursor is not one this server gave out", parameter: "cursor")
        case .io, .corruptJournal, .corruptSnapshot:
            return internalError(requestID: requestID)
        }
    }
}
