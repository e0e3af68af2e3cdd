package io.opsdeck.services.action;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainRequestParseTest {

    @Test
    void drainIsReadBackWithItsOptions() {
        DrainRequest r = (DrainRequest) ActionRequests.parse("drain node-3 --timeout 90s --grace-period=20"
                + " --delete-emptydir-data --force");
        assertThat(r.node()).isEqualTo("node-3");
        assertThat(r.options()).isEqualTo(new DrainOptions(Duration.ofSeconds(90), 20, true, true));
        assertThat(ActionRequests.parse(r.commandLine())).isEqualTo(r);

        DrainRequest plain = (DrainRequest) ActionRequests.parse("drain node-3");
        assertThat(plain.options()).isEqualTo(DrainOptions.DEFAULTS);
        assertThat(plain.commandLine()).isEqualTo("drain node-3");
        assertThat(((DrainRequest) ActionRequests.parse("drain node-3 --timeout=0")).options().timeout()).isZero();
    }

    @Test
    void badDrainArgumentsGetASentence() {
        assertThatThrownBy(() -> ActionRequests.parse("drain")).hasMessageContaining("drain NODE");
        assertThatThrownBy(() -> ActionRequests.parse("drain n --grace-period -3")).hasMessageContaining("--grace-period");
        assertThatThrownBy(() -> ActionRequests.parse("drain n --timeout soon")).hasMessageContaining("Invalid duration");
        assertThatThrownBy(() -> ActionRequests.parse("drain n --ignore-daemonsets")).hasMessageContaining("Unexpected");
        assertThatThrownBy(() -> ActionRequests.parse("drain n --timeout")).hasMessageContaining("Give a value");
    }

    @Test
    void theEscalationIsItsOwnRequestKind() {
        ActionRequest r = ActionRequests.parse("delete-pod payments/db-0 --bypassing payments/db-pdb");
        assertThat(r).isEqualTo(new DeletePodRequest("payments", "db-0", "payments/db-pdb"));
        assertThat(r.action()).isEqualTo("delete-pod");
        assertThat(ActionRequests.parse(r.commandLine())).isEqualTo(r);
    }
}
