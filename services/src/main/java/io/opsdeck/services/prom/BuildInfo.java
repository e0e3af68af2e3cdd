package io.opsdeck.services.prom;

/** What {@code /api/v1/status/buildinfo} says about the server; fields may be empty. */
public record BuildInfo(String version, String revision, String branch, String goVersion) {
}
