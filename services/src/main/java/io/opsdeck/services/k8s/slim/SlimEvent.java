package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

import java.time.Instant;

/**
 * A core/v1 Event decoded into what {@link io.opsdeck.services.model.ClusterEvent} needs. Clusters
 * in trouble produce events by the thousand, so they get the same treatment as pods.
 */
@Group("") // the core group; fabric8 wants @Group whenever @Version is given
@Version("v1")
@Kind("Event")
@Plural("events")
public final class SlimEvent extends SlimResource {
    private static final long serialVersionUID = 1L;

    private String type = "";
    private String reason = "";
    private String message = "";
    private String objectKind = "";
    private String objectName = "";
    private Integer count;
    private Integer seriesCount;
    private Instant lastTimestamp;
    private Instant seriesLastObserved;
    private Instant eventTime;
    private Instant createdAt;

    /** For Jackson (fabric8's informers and tests). */
    public SlimEvent() {
    }

    /** Sets what {@link SlimEventReader} read. */
    void fromStream(String type, String reason, String message, String objectKind, String objectName, Integer count,
                    Integer seriesCount, Instant lastTimestamp, Instant seriesLastObserved, Instant eventTime,
                    Instant createdAt) {
        this.type = type;
        this.reason = reason;
        this.message = message;
        this.objectKind = objectKind;
        this.objectName = objectName;
        this.count = count;
        this.seriesCount = seriesCount;
        this.lastTimestamp = lastTimestamp;
        this.seriesLastObserved = seriesLastObserved;
        this.eventTime = eventTime;
        this.createdAt = createdAt;
    }

    @Override
    protected void onMetadata(SlimMeta meta) {
        createdAt = meta.createdAt();
    }

    @JsonProperty("type")
    void readType(String value) {
        type = value == null ? "" : Strings.dedup(value);
    }

    @JsonProperty("reason")
    void readReason(String value) {
        reason = value == null ? "" : Strings.dedup(value);
    }

    @JsonProperty("message")
    void readMessage(String value) {
        message = value == null ? "" : value;
    }

    @JsonProperty("count")
    void readCount(Integer value) {
        count = value;
    }

    @JsonProperty("lastTimestamp")
    void readLastTimestamp(String value) {
        lastTimestamp = SlimMeta.parseInstant(value);
    }

    @JsonProperty("eventTime")
    void readEventTime(String value) {
        eventTime = SlimMeta.parseInstant(value);
    }

    @JsonProperty("involvedObject")
    void readInvolvedObject(ObjectRef ref) {
        if (ref != null) {
            objectKind = ref.kind == null ? "" : Strings.dedup(ref.kind);
            objectName = ref.name == null ? "" : ref.name;
        }
    }

    @JsonProperty("series")
    void readSeries(Series series) {
        if (series != null) {
            seriesCount = series.count;
            seriesLastObserved = SlimMeta.parseInstant(series.lastObservedTime);
        }
    }

    /** {@code Warning} or {@code Normal}. */
    public String type() {
        return type;
    }

    public String reason() {
        return reason;
    }

    public String message() {
        return message;
    }

    /** Kind of the object the event is about. */
    public String objectKind() {
        return objectKind;
    }

    public String objectName() {
        return objectName;
    }

    /** How many times it happened: {@code count}, else {@code series.count}, else 1. */
    public int count() {
        if (count != null && count > 0) {
            return count;
        }
        return seriesCount != null && seriesCount > 0 ? seriesCount : 1;
    }

    /**
     * When it last happened: {@code lastTimestamp}, else {@code series.lastObservedTime}, else
     * {@code eventTime}, else the object's {@code creationTimestamp}; {@code null} when none is set.
     */
    public Instant lastSeen() {
        if (lastTimestamp != null) {
            return lastTimestamp;
        }
        if (seriesLastObserved != null) {
            return seriesLastObserved;
        }
        return eventTime != null ? eventTime : createdAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ObjectRef {
        public String kind;
        public String name;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Series {
        public Integer count;
        public String lastObservedTime;
    }
}
