package io.opsdeck.services.k8s.json;

/**
 * Reads one Kubernetes object from JSON text into the class a stream keeps. Must not have side
 * effects that matter before it returns (see {@link JsonCursor} on incomplete input): it may be
 * called again on the same bytes. One reader per stream; not thread-safe.
 */
public interface ItemReader<T> {
    T read(JsonCursor c) throws JsonSyntaxException;
}
