# syntax=docker/dockerfile:1
# Roadlab's image: `roadlab serve` (the default) or `roadlab worker`, one fat jar on a JRE 21.
# Build: docker build -t ghcr.io/roadlab/roadlab:0.1.0 .   Run: docker run -p 7070:7070 -e ROADLAB_DB_URL=... IMAGE
# deploy/kubernetes.yaml runs it as user 10001 on a read-only root filesystem with /tmp writable.

# --- build: the Maven wrapper on a JDK 21, tests skipped (CI runs them) ---
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# BuildKit keeps the Maven repository between builds, so only a changed dependency is downloaded again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl engine -am package -DskipTests && cp engine/target/roadlab.jar /roadlab.jar

# --- run: a JRE 21, nginx for the nginx sandboxes of the servers provider, tini, a non-root user ---
# tini is PID 1 and reaps orphans: a sandbox's nginx workers (and any grandchild of a grading) are reparented to
# PID 1 when their parent is killed, and the JVM as PID 1 would leave them zombies for good.
FROM eclipse-temurin:21-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 roadlab \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin roadlab
COPY --from=build /roadlab.jar /opt/roadlab/roadlab.jar
USER 10001:10001
# Heap from the container's memory limit, explicitly: 75% for the heap, the rest for metaspace, threads and nginx.
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=50 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    ROADLAB_HOST=0.0.0.0 \
    ROADLAB_PORT=7070 \
    ROADLAB_HEALTH_PORT=7071 \
    ROADLAB_DATA_DIR=/tmp/roadlab \
    ROADLAB_SANDBOX_NGINX_BINARY=/usr/sbin/nginx
# 7070: serve's pages, API and probes; 7071: worker's probes and metrics.
EXPOSE 7070 7071
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/opt/roadlab/roadlab.jar"]
CMD ["serve"]
