package io.opsdeck.app.wiring;

import io.opsdeck.services.k8s.config.ClusterErrors;
import io.opsdeck.services.k8s.config.KubeContext;
import io.opsdeck.services.k8s.config.KubeconfigException;
import io.opsdeck.services.k8s.config.KubeconfigSet;
import io.opsdeck.views.shell.ContextChoice;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kubeconfig contexts the switcher offers, as the views want them. Reads files: call it off the FX thread. */
final class ContextCatalog {
    private ContextCatalog() {
    }

    /** The contexts, or none with the reason when there is no usable kubeconfig. */
    record Contexts(List<ContextChoice> choices, String current, List<String> problems) {
    }

    static Contexts load(Path explicit, Map<String, String> env, Path home) {
        try {
            KubeconfigSet set = KubeconfigSet.load(Optional.ofNullable(explicit), env, home);
            List<ContextChoice> choices = new ArrayList<>();
            for (KubeContext c : set.contexts()) {
                choices.add(new ContextChoice(c.name(), detail(c)));
            }
            return new Contexts(choices, set.currentContext().orElse(""), set.problems());
        } catch (KubeconfigException e) {
            return new Contexts(List.of(), "", List.of(e.getMessage()));
        }
    }

    static String detail(KubeContext c) {
        return "cluster: " + c.cluster() + " · user: " + c.user() + " · namespace: " + c.namespace()
                + (c.server() == null ? "" : " · " + ClusterErrors.safeUrl(c.server()));
    }
}
