package io.opsdeck.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Checks shared by the sub-commands; a bad value is a usage error (exit 2) with a sentence. */
final class Cli {
    private Cli() {
    }

    static void validate(SourceOptions source, CommandLine cmd) {
        try {
            source.sandboxSpec();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "Invalid --demo-size: " + e.getMessage());
        }
        if (source.prometheusUrl() != null && !source.prometheusUrl().matches("(?i)https?://.+")) {
            throw new ParameterException(cmd, "Invalid --prometheus-url '" + source.prometheusUrl()
                    + "': it must start with http:// or https://");
        }
    }
}
