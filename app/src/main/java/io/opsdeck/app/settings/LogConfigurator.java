package io.opsdeck.app.settings;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.util.FileSize;

import java.util.HashMap;
import java.util.Map;

/**
 * Opsdeck's logging configuration, in code: Logback finds it through {@code META-INF/services} the first
 * time anything asks for a logger, and {@link LogSetup#init} applies it again when its settings changed.
 * In code rather than a {@code logback.xml}: Logback's XML configuration (a SAX parser, its model, bean
 * setters by reflection) took ~0.15 s of the main thread at every start, before the window or a
 * sub-command could begin; this takes a few milliseconds.
 *
 * <p>Two system properties, set by {@link LogSetup#init} before Logback starts:
 * {@value LogSetup#LOG_DIR_PROPERTY} (where {@code opsdeck.log} goes; before init, this user's own log
 * directory from {@link AppDirs}, never a shared path in /tmp) and {@value LogSetup#CONSOLE_LEVEL_PROPERTY}
 * (the console's threshold: {@code OFF}, or {@code DEBUG} when verbose). They are kept as the context
 * properties {@value #LOG_DIR} and {@value #CONSOLE_LEVEL}, from which {@link LogSetup} tells whether the
 * configuration in effect was made with its current settings.
 *
 * <ul>
 *   <li>{@code opsdeck.log}: 0600 in a 0700 directory ({@link PrivateRollingFileAppender}), rolled daily and
 *   at 10 MB into {@code opsdeck.DATE.N.log.gz}, 7 days and at most 100 MB kept;</li>
 *   <li>the console is STDERR only (stdout carries {@code opsdeck report --json}), off unless verbose;</li>
 *   <li>messages and stack traces go through {@link RedactingMessageConverter} and
 *   {@link RedactingThrowableConverter}: no user-info of a URL (fabric8 quotes the server's URL in its errors).
 *   Never log a token, password, client key or settings content;</li>
 *   <li>{@code io.opsdeck} at DEBUG, everything else at INFO, the chatty libraries at WARN, and fabric8's informer
 *   internals off: every list or watch failure they log as an ERROR with a stack trace ("listSyncAndWatch
 *   failed for v1/nodes, will stop" for a 403 Opsdeck handles by design) reaches Opsdeck's own handler
 *   (services k8s/Feed), which logs it once as a sentence and shows it in the status bar;</li>
 *   <li>{@code java.util.logging} (JavaFX's) levels follow Logback's ({@link LevelChangePropagator}), so that
 *   JavaFX does not format what nobody logs;</li>
 *   <li>Logback's own status messages are not printed (it would print them to stdout); {@link LogSetup} prints
 *   its warnings and errors to stderr.</li>
 * </ul>
 * A {@code logback-test.xml} on the class path (the modules' tests) wins over this.
 */
public class LogConfigurator extends ContextAwareBase implements Configurator {
    /** Context property: the directory this configuration writes to. */
    static final String LOG_DIR = "LOG_DIR";
    /** Context property: the console's threshold. */
    static final String CONSOLE_LEVEL = "CONSOLE_LEVEL";

    private static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n%safeEx";
    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n%safeEx";
    private static final Map<String, Level> LEVELS = Map.of(
            "io.opsdeck", Level.DEBUG,
            "io.fabric8", Level.WARN,
            "okhttp3", Level.WARN,
            "io.vertx", Level.WARN,
            "io.netty", Level.WARN,
            "eu.hansolo", Level.WARN,
            "org.testfx", Level.WARN,
            "io.fabric8.kubernetes.client.informers.impl.cache.Reflector", Level.OFF,
            "io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager", Level.OFF,
            // "The client is using resource type 'poddisruptionbudgets' with unstable version 'v1beta1'": Opsdeck
            // reads v1beta1 only on servers that lack v1 (discovery decides, and says so at INFO)
            "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // tests: their logback-test.xml, read by Logback's own configurator
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} (which should be fresh or reset) from the two system properties. */
    static void apply(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());

        String dir = System.getProperty(LogSetup.LOG_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = new DefaultLogDir().getPropertyValue();
        }
        String consoleLevel = System.getProperty(LogSetup.CONSOLE_LEVEL_PROPERTY, "OFF");
        context.putProperty(LOG_DIR, dir);
        context.putProperty(CONSOLE_LEVEL, consoleLevel);

        LevelChangePropagator jul = new LevelChangePropagator();
        jul.setContext(context);
        jul.setResetJUL(true);
        context.addListener(jul);
        jul.start();

        @SuppressWarnings("unchecked")
        Map<String, String> rules = (Map<String, String>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);
        }
        rules.put("msg", RedactingMessageConverter.class.getName());
        rules.put("safeEx", RedactingThrowableConverter.class.getName());

        PrivateRollingFileAppender file = new PrivateRollingFileAppender();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir + "/" + LogSetup.LOG_FILE_NAME);
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> rolling = new SizeAndTimeBasedRollingPolicy<>();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir + "/opsdeck.%d{yyyy-MM-dd}.%i.log.gz");
        rolling.setMaxFileSize(FileSize.valueOf("10MB"));
        rolling.setMaxHistory(7);
        rolling.setTotalSizeCap(FileSize.valueOf("100MB"));
        rolling.setCleanHistoryOnStart(true);
        rolling.start();
        file.setRollingPolicy(rolling);
        file.setEncoder(encoder(context, FILE_PATTERN));
        file.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setContext(context);
        threshold.setLevel(consoleLevel);
        threshold.start();
        console.addFilter(threshold);
        console.setEncoder(encoder(context, CONSOLE_PATTERN));
        console.start();

        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(file);
        root.addAppender(console);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
