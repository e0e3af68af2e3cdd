package io.opsdeck.services.k8s.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;

/**
 * JSON that cannot be read. A {@link JacksonException}, so that fabric8's
 * {@code ExceptionHandler.isDeserializationException} and Opsdeck's error handling treat it like
 * the decoding errors of fabric8's own informers (not retried: the same answer would fail again).
 */
public final class JsonSyntaxException extends JacksonException {
    private static final long serialVersionUID = 1L;

    public JsonSyntaxException(String message) {
        super(message);
    }

    @Override
    public JsonLocation getLocation() {
        return null;
    }

    @Override
    public String getOriginalMessage() {
        return getMessage();
    }

    @Override
    public Object getProcessor() {
        return null;
    }
}
