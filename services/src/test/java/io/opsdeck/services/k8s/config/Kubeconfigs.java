package io.opsdeck.services.k8s.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes kubeconfig and exec-plugin fixtures for the tests. */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static Path write(Path dir, String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    /** One context, its cluster and a user with a bearer token. */
    static String tokenConfig(String context, String server, String token) {
        return """
                apiVersion: v1
                kind: Config
                current-context: %1$s
                clusters:
                - name: %1$s-cluster
                  cluster:
                    server: %2$s
                users:
                - name: %1$s-user
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s-cluster
                    user: %1$s-user
                    namespace: shop
                """.formatted(context, server, token);
    }

    /** One context whose user gets its credential from an exec plugin. */
    static String execConfig(String context, String server, String command, String... args) {
        StringBuilder argList = new StringBuilder("[");
        for (int i = 0; i < args.length; i++) {
            argList.append(i == 0 ? "" : ", ").append('"').append(args[i]).append('"');
        }
        argList.append(']');
        return """
                apiVersion: v1
                kind: Config
                current-context: %1$s
                clusters:
                - name: %1$s-cluster
                  cluster:
                    server: %2$s
                users:
                - name: %1$s-user
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: %3$s
                      args: %4$s
                      interactiveMode: Never
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s-cluster
                    user: %1$s-user
                """.formatted(context, server, command, argList);
    }

    /** An executable shell script. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** A plugin script that prints an ExecCredential with {@code token}. */
    static Path tokenPlugin(Path dir, String name, String token) throws IOException {
        return script(dir, name, """
                cat <<'JSON'
                {"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential",
                 "status":{"token":"%s"}}
                JSON""".formatted(token));
    }
}
