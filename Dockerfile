# syntax=docker/dockerfile:1
# mqhook in a container. The build stage makes the Debian package from this
# source tree; the runtime stage installs it, which brings the Qt libraries,
# the mqhook user and /var/lib/mqhook with it. Both stages run the same
# scripts as CI does on plain Debian (scripts/package.sh,
# scripts/install-package.sh).
#
#   docker build -t mqhook .
#   docker run -e MQHOOK_BROKER_HOST=broker.example.com \
#       -e MQHOOK_CALLBACK=http://receiver.example.com/api/mqtt \
#       -v mqhook-queue:/var/lib/mqhook mqhook
#   docker run -v "$PWD/config.json:/etc/mqhook/config.json:ro" \
#       -v mqhook-queue:/var/lib/mqhook mqhook
#
# The configuration: /etc/mqhook/config.json, deploy/mqhook.json unless a
# file is mounted there; its ${...} take values from the environment.

FROM debian:bookworm-slim AS build
WORKDIR /src
COPY . .
RUN MQHOOK_DEPS=build scripts/package.sh /build \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMQHOOK_BUILD_TESTS=OFF -DMQHOOK_BUILD_BENCH=OFF \
    && cp /build/mqhook_*.deb /mqhook.deb

FROM debian:bookworm-slim
# A fixed uid and gid (the package's postinst keeps an existing mqhook user),
# so that a bind-mounted queue folder can be given to it: chown 10001:10001.
RUN groupadd --system --gid 10001 mqhook \
    && useradd --uid 10001 --gid mqhook --home-dir /var/lib/mqhook \
        --no-create-home --shell /usr/sbin/nologin mqhook
COPY --from=build /mqhook.deb /tmp/mqhook.deb
COPY --from=build /src/scripts/install-package.sh /tmp/install-package.sh
# curl for the health check.
RUN MQHOOK_APT_CLEAN=1 /tmp/install-package.sh /tmp/mqhook.deb curl \
    && rm /tmp/mqhook.deb /tmp/install-package.sh
COPY deploy/mqhook.json /etc/mqhook/config.json
RUN chown root:mqhook /etc/mqhook/config.json && chmod 0640 /etc/mqhook/config.json

USER mqhook
WORKDIR /var/lib/mqhook
# The queue: keep it on a volume, one per container.
VOLUME ["/var/lib/mqhook"]
# The admin endpoint (admin.listen): /healthz, /readyz, /metrics on port
# 9100, on 127.0.0.1 unless MQHOOK_ADMIN_ADDRESS says otherwise (0.0.0.0 for
# a scraper in another container, which then needs MQHOOK_ADMIN_TOKEN).
EXPOSE 9100
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent --show-error --max-time 4 http://127.0.0.1:9100/healthz || exit 1
# SIGTERM (docker stop) drains for up to 10 s: give it the time.
STOPSIGNAL SIGTERM
ENTRYPOINT ["mqhook", "--no-gui"]
CMD ["--config", "/etc/mqhook/config.json"]
