package io.opsdeck.app.settings;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Logback's rolling file appender, but the log file is made 0600 and its directory 0700 before
 * Logback opens it (Logback itself creates them with the process umask, usually 0644 and 0755),
 * at start and after every rollover. Rolled archives inherit the directory's protection.
 */
public class PrivateRollingFileAppender extends RollingFileAppender<ILoggingEvent> {

    @Override
    public void openFile(String fileName) throws IOException {
        Path file = Path.of(fileName).toAbsolutePath();
        if (file.getParent() != null) {
            PrivateFiles.directory(file.getParent());
        }
        PrivateFiles.file(file);
        super.openFile(fileName);
    }
}
