package io.opsdeck.services.k8s.slim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"250m,250", "2,2000", "0.5,500", "1.25,1250", "100u,1", "1500000n,2", "1k,1000000", "0,0",
            "1e3,1000000", "'',0", "junk,0", "-1,0"})
    void cpuInMillicores(String quantity, long milli) {
        assertThat(Quantities.milli(quantity)).isEqualTo(milli);
    }

    @ParameterizedTest
    @CsvSource({"128Mi,134217728", "1Gi,1073741824", "1G,1000000000", "64M,64000000", "1.5Gi,1610612736",
            "1024,1024", "1Ki,1024", "500m,1", "2E,2000000000000000000", "1Ei,1152921504606846976", "7Ti,7696581394432"})
    void memoryInBytes(String quantity, long bytes) {
        assertThat(Quantities.units(quantity)).isEqualTo(bytes);
    }

    @org.junit.jupiter.api.Test
    void nothingIsZeroAndHugeIsCapped() {
        assertThat(Quantities.units(null)).isZero();
        assertThat(Quantities.milli("99999999999999999999")).isEqualTo(Long.MAX_VALUE);
        assertThat(Quantities.units("9Ei")).isEqualTo(Long.MAX_VALUE);
    }
}
