# syntax=docker/dockerfile:1
# Build: the official Swift image plus the C libraries' headers (the official image lacks libssl-dev, libxml2-dev).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl-dev libxml2-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
# SwiftPM checks that every target declared in Package.swift has its folder, test targets included, even when only
# the server product is built: without Tests/ the build stops with "Source files for target ... should be located
# under 'Tests/...'" (checked with `swift package describe` on a copy holding only these three folders).
COPY Tests ./Tests
COPY Config ./Config
# The same command the README measures on a development machine.
RUN swift build -c release --static-swift-stdlib --product newsbriefs \
 && install -D "$(swift build -c release --static-swift-stdlib --show-bin-path)/newsbriefs" /out/newsbriefs

# Run: a slim Debian with the OpenSSL and libxml2 runtimes, curl for the health check, and Config/.
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl3 libxml2 libstdc++6 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin newsbriefs \
 && mkdir -p /data /app \
 && chown newsbriefs /data
COPY --from=build /out/newsbriefs /usr/local/bin/newsbriefs
COPY Config /app/Config
WORKDIR /app
# HTTPS: mount a PEM certificate chain and its unencrypted key (readable by uid 10001) and name them, e.g.
#   docker run -p 8443:8080 -v /etc/newsbriefs/tls:/tls:ro \
#     -e NEWSBRIEFS_TLS_CERT_FILE=/tls/fullchain.pem -e NEWSBRIEFS_TLS_KEY_FILE=/tls/privkey.pem newsbriefs
# Both unset (the default): plain HTTP. One without the other, or a bad file, stops start-up (exit 2).
ENV NEWSBRIEFS_HOST=0.0.0.0 \
    NEWSBRIEFS_PORT=8080 \
    NEWSBRIEFS_DATA_DIR=/data \
    NEWSBRIEFS_CONFIG_DIR=/app/Config
VOLUME ["/data"]
EXPOSE 8080
USER newsbriefs
# Plain HTTP first; with TLS on, that gets a 400 and the check asks over HTTPS (-k: the probe is local, and the
# certificate names the public host, not 127.0.0.1).
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${NEWSBRIEFS_PORT}/healthz" || curl -fsSk "https://127.0.0.1:${NEWSBRIEFS_PORT}/healthz" || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/newsbriefs"]
CMD ["serve"]
