package io.opsdeck.views.topology;

import io.opsdeck.services.model.PodInfo;

/**
 * The colour class of a pod cell: phase and readiness folded into one byte, so a frame reads a
 * byte per pod instead of a record.
 */
final class PodClass {
    static final byte READY = 0;
    static final byte NOT_READY = 1;
    static final byte PENDING = 2;
    static final byte FAILED = 3;
    static final byte SUCCEEDED = 4;
    static final byte UNKNOWN = 5;
    static final int COUNT = 6;

    /** Worst first: the order density bars stack their segments in, so trouble shows even when tiny. */
    static final byte[] SEVERITY = {FAILED, NOT_READY, PENDING, UNKNOWN, READY, SUCCEEDED};

    private PodClass() {
    }

    static byte of(PodInfo p) {
        return switch (p.phase()) {
            case RUNNING -> p.ready() ? READY : NOT_READY;
            case PENDING -> PENDING;
            case FAILED -> FAILED;
            case SUCCEEDED -> SUCCEEDED;
            case UNKNOWN -> UNKNOWN;
        };
    }

    static String describe(byte c) {
        return switch (c) {
            case READY -> "Running, ready";
            case NOT_READY -> "Running, not ready";
            case PENDING -> "Pending";
            case FAILED -> "Failed";
            case SUCCEEDED -> "Succeeded";
            default -> "Unknown";
        };
    }

    /** Pods that hold their requests on the node (finished pods do not). */
    static boolean consumes(byte c) {
        return c == READY || c == NOT_READY || c == PENDING || c == UNKNOWN;
    }
}
