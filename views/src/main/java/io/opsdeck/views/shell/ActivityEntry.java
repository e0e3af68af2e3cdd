package io.opsdeck.views.shell;

import java.time.Instant;

/** One line of the Activity screen: something that happened in this session. */
public record ActivityEntry(Instant at, String category, String text) {
}
