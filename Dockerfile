# briefing in a small image: `docker build -t briefing .`, then, from a site's folder,
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" briefing
# builds the site mounted at /site into /site/public. Any other command works too:
#   docker run --rm -v "$PWD:/site" briefing check --root /site

# The builder targets musl (Alpine's own), so the binary is static and needs no libc.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/briefing

# distroless/static: no shell, no libc, CA certificates and /etc/passwd only.
FROM gcr.io/distroless/static-debian12
COPY --from=build /src/target/release/briefing /usr/local/bin/briefing
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/briefing"]
CMD ["build", "--root", "/site"]
