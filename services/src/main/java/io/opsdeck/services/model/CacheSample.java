package io.opsdeck.services.model;

import java.time.Instant;

/**
 * One point of a cache sparkline.
 *
 * @param hitRatio {@code NaN} when there was no traffic (a gap in the line, not 0%)
 */
public record CacheSample(Instant at, double hitRatio, double opsPerSec) {
}
