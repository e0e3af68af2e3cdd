package io.opsdeck.views.shell;

/** A kubeconfig context as the switcher lists it: its name and a line of detail (cluster, user, namespace). */
public record ContextChoice(String name, String detail) {
}
