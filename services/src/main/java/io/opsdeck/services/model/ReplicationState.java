package io.opsdeck.services.model;

import java.util.List;

/**
 * Replication as a Redis node reports it. Unknown numbers are {@code -1}.
 *
 * @param masterLinkStatus  on a replica: {@code up} or {@code down}; empty on a primary
 * @param lastIoSecondsAgo  on a replica: seconds since it last heard from its primary
 * @param offset            this node's replication offset (bytes)
 * @param lagBytes          on a replica: how far behind its primary's offset it is, when the primary
 *                          was read in the same poll and lists it; else -1
 * @param lagSeconds        on a replica: seconds since the primary last got its acknowledgement, from
 *                          the primary's view; else -1
 * @param replicas          on a primary: its replicas as it lists them
 */
public record ReplicationState(
        String masterLinkStatus,
        long lastIoSecondsAgo,
        long offset,
        long lagBytes,
        long lagSeconds,
        List<ReplicaLink> replicas) {

    public ReplicationState {
        masterLinkStatus = masterLinkStatus == null ? "" : masterLinkStatus;
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** One replica as its primary lists it ({@code slaveN:ip=…,port=…,state=…,offset=…,lag=…}). */
    public record ReplicaLink(String ip, int port, String state, long offset, long lagSeconds) {
    }

    public ReplicationState withLag(long bytes, long seconds) {
        return new ReplicationState(masterLinkStatus, lastIoSecondsAgo, offset, bytes, seconds, replicas);
    }

    /** A replica whose link to its primary is down. */
    public boolean linkDown() {
        return masterLinkStatus.equals("down");
    }
}
