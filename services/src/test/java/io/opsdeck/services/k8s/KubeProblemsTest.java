package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.opsdeck.services.k8s.config.ReadLimitException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubeProblemsTest {
    private static final String SENTENCE = "the API server sent an answer to GET /apis/apps/v1/replicasets larger than"
            + " 512 MiB; Opsdeck stopped reading it (one answer is capped there)";

    @Test
    void anAnswerOverACapIsItsOwnSentenceAndFinal() {
        // as fabric8 hands it over: a list's failure wrapped, a watch's in a WatcherException
        Throwable list = new KubernetesClientException("An error has occurred.",
                new ReadLimitException(ReadLimitException.Cap.ANSWER, SENTENCE));
        Throwable watch = new WatcherException("Could not process Watch response", list);
        for (Throwable t : new Throwable[] {list, watch}) {
            assertThat(KubeProblems.describe(t, "https://127.0.0.1:6443")).isEqualTo(SENTENCE);
            assertThat(KubeProblems.permanent(t)).isTrue();
        }
        assertThat(KubeProblems.permanent(new KubernetesClientException("lost", new java.io.EOFException()))).isFalse();
    }
}
