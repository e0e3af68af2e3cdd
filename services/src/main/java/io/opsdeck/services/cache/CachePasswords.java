package io.opsdeck.services.cache;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheAddress;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a password reference from settings into the password, so that settings never hold one
 * (DESIGN.md). References:
 * <ul>
 *   <li>{@code env:VARIABLE} — an environment variable of the Opsdeck process;</li>
 *   <li>{@code secret:namespace/name#key} — a key of a Kubernetes Secret the user may read (through
 *       the context's fabric8 client), also written without the {@code secret:} prefix.</li>
 * </ul>
 * Secrets are kept for {@link #SECRET_TTL} and read again after an authentication failure
 * ({@link #forget}), so a rotated password is picked up. Messages name the reference, never the value.
 */
public final class CachePasswords {
    public static final Duration SECRET_TTL = Duration.ofMinutes(5);
    private static final Pattern ENV = CacheAddress.ENV_REFERENCE;
    private static final Pattern SECRET = CacheAddress.SECRET_REFERENCE;

    private final Function<String, String> env;
    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Cached> secrets = new ConcurrentHashMap<>();

    private record Cached(CachePassword password, Instant readAt) {
    }

    /**
     * @param env    the environment, e.g. {@code System::getenv}
     * @param client the live context's client for {@code secret:} references; null when there is none
     */
    public CachePasswords(Function<String, String> env, KubernetesClient client, Clock clock) {
        this.env = env;
        this.client = client;
        this.clock = clock;
    }

    /** Only {@code env:} references (no cluster). */
    public static CachePasswords fromEnvironment() {
        return new CachePasswords(System::getenv, null, Clock.systemUTC());
    }

    /** True when {@code ref} has one of the accepted forms; for validating settings as they are typed. */
    public static boolean isValidReference(String ref) {
        return CacheAddress.isValidPasswordReference(ref);
    }

    /**
     * The password {@code ref} points at; empty when {@code ref} is empty.
     *
     * @throws CacheReadException of kind {@link Kind#PASSWORD_REF} saying what to fix
     */
    public Optional<CachePassword> resolve(String ref) throws CacheReadException {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        String r = ref.trim();
        Matcher e = ENV.matcher(r);
        if (e.matches()) {
            String value = env.apply(e.group(1));
            if (value == null || value.isEmpty()) {
                throw new CacheReadException(Kind.PASSWORD_REF, "The password reference " + r + " names an"
                        + " environment variable that is not set (or empty) for Opsdeck; set it before starting"
                        + " Opsdeck, or change the reference in Settings");
            }
            return Optional.of(new CachePassword(value));
        }
        Matcher s = SECRET.matcher(r);
        if (s.matches()) {
            return Optional.of(secret(r, s.group(1), s.group(3), s.group(5)));
        }
        throw new CacheReadException(Kind.PASSWORD_REF, "The password reference '" + r + "' is not understood;"
                + " write env:VARIABLE or secret:namespace/name#key in Settings");
    }

    /** Drops a cached Secret value, e.g. after the server refused it: it may have been rotated. */
    public void forget(String ref) {
        if (ref != null) {
            secrets.remove(ref.trim());
        }
    }

    private CachePassword secret(String ref, String namespace, String name, String key) throws CacheReadException {
        Cached c = secrets.get(ref);
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.readAt().plus(SECRET_TTL))) {
            return c.password();
        }
        if (client == null) {
            throw new CacheReadException(Kind.PASSWORD_REF, "The password reference " + ref + " names a Kubernetes"
                    + " Secret, but no cluster is open; use an env: reference for caches outside a cluster");
        }
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException ex) {
            String why = ex.getCode() == 403 ? "this user may not read it (403 Forbidden); ask for 'get' on"
                    + " secrets in " + namespace + ", or use an env: reference"
                    : ex.getCode() == 0 ? "the API server did not answer" : "the API server answered " + ex.getCode();
            throw new CacheReadException(Kind.PASSWORD_REF, "Could not read the Secret " + namespace + "/" + name
                    + " for the password reference " + ref + ": " + why);
        }
        if (secret == null) {
            throw new CacheReadException(Kind.PASSWORD_REF, "The Secret " + namespace + "/" + name + " named by the"
                    + " password reference " + ref + " does not exist; check its namespace and name in Settings");
        }
        String value = null;
        if (secret.getData() != null && secret.getData().get(key) != null) {
            try {
                value = new String(Base64.getDecoder().decode(secret.getData().get(key).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw new CacheReadException(Kind.PASSWORD_REF, "The key " + key + " of the Secret " + namespace
                        + "/" + name + " is not valid base64");
            }
        } else if (secret.getStringData() != null) {
            value = secret.getStringData().get(key);
        }
        if (value == null || value.isEmpty()) {
            throw new CacheReadException(Kind.PASSWORD_REF, "The Secret " + namespace + "/" + name + " has no key '"
                    + key + "' (or it is empty); check the key after # in the password reference " + ref);
        }
        // a password pasted with `echo` ends in a newline that the server did not get
        CachePassword p = new CachePassword(value.replaceAll("[\r\n]+$", ""));
        secrets.put(ref, new Cached(p, now));
        return p;
    }
}
