package io.opsdeck.app.settings;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * The log directory Logback uses when it starts before {@link LogSetup#init} has said where (a class
 * with a static logger loaded first): this user's own one from {@link AppDirs}, never a shared,
 * predictable path in the temporary directory.
 */
public class DefaultLogDir extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        return AppDirs.fromEnvironment().logDir().toAbsolutePath().toString();
    }
}
