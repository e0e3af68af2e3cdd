package io.opsdeck.views.caches;

import io.opsdeck.services.model.CacheNodeDetails;
import io.opsdeck.services.model.CacheNodeState;
import io.opsdeck.services.model.ReplicationState;
import io.opsdeck.services.model.CacheNodeStatus;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.PodKey;

/**
 * One cache node as the table shows it: its status from the overview joined with the details of the
 * same poll (role as the server says, expired keys/s, uptime, replication), when there are any.
 */
record CacheRow(CacheNodeStatus status, CacheNodeDetails details) {

    PodKey pod() {
        return status.node().pod();
    }

    CacheStats stats() {
        return status.stats();
    }

    CacheNodeState state() {
        return CacheNodeState.of(status.stats());
    }

    String role() {
        String r = details != null && !details.role().isEmpty() ? details.role() : status.node().role();
        return r == null ? "" : r;
    }

    /** Hit ratio for sorting and display: null when there are no figures; NaN for no traffic. */
    Double hitRatio() {
        CacheNodeState s = state();
        if (s == CacheNodeState.UNAVAILABLE || s == CacheNodeState.COLLECTING) {
            return null;
        }
        return stats().hitRatio();
    }

    double expiredPerSec() {
        return details == null ? Double.NaN : details.expiredPerSec();
    }

    long uptimeSeconds() {
        return details == null ? -1 : details.uptimeSeconds();
    }

    /** Memory used over the limit; NaN when either is unknown (no maxmemory set, say). */
    double memoryFraction() {
        CacheStats s = stats();
        return s.memoryUsedBytes() >= 0 && s.memoryMaxBytes() > 0 ? (double) s.memoryUsedBytes() / s.memoryMaxBytes()
                : Double.NaN;
    }

    /** A replica's lag behind its primary in bytes, or -1 when not known or not a replica. */
    long replicationLagBytes() {
        ReplicationState r = details == null ? null : details.replication();
        return r == null ? -1 : r.lagBytes();
    }

    /** Where the figures came from, as the table shows it. */
    String source() {
        String s = stats().source();
        if (s.isEmpty() && details != null) {
            s = details.source();
        }
        return switch (s) {
            case "prometheus" -> "Prometheus";
            case "direct" -> isRedis() ? "INFO (direct)" : "stats (direct)";
            case "sandbox" -> "sandbox";
            default -> s;
        };
    }

    /** How Opsdeck's connection to the node is protected; {@link CacheTransport#UNKNOWN} before a poll. */
    CacheTransport connection() {
        return details == null ? CacheTransport.UNKNOWN : details.transport();
    }

    /** The Connection column's words: short, the weakenings spelled out. */
    String connectionText() {
        return shortLabel(connection());
    }

    static String shortLabel(CacheTransport t) {
        return switch (t) {
            case TLS -> "TLS";
            case TLS_NOT_VERIFIED -> "TLS (not verified)";
            case PORT_FORWARD -> "port-forward";
            case PLAIN -> "no TLS";
            case CLEARTEXT_ALLOWED -> "no TLS, password sent";
            case CLEARTEXT_REFUSED -> "no TLS: password not sent";
            case UNKNOWN -> "";
        };
    }

    /** The style of a connection that is weaker than it should be, or null. */
    static String connectionStyle(CacheTransport t) {
        return t == CacheTransport.CLEARTEXT_REFUSED ? "health-down" : t.weakened() ? "health-degraded" : null;
    }

    /** What is wrong or notable, in words; empty when nothing. */
    String problem() {
        CacheNodeState s = state();
        if (s == CacheNodeState.COLLECTING) {
            return stats().error();
        }
        if (s == CacheNodeState.UNAVAILABLE) {
            return stats().error();
        }
        ReplicationState r = details == null ? null : details.replication();
        if (r != null && r.linkDown()) {
            return "replication link to the primary is down";
        }
        return stats().error();
    }

    boolean isRedis() {
        return status.node().kind().id().equals("redis");
    }
}
