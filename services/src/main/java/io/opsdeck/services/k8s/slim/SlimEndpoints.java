package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.ArrayList;
import java.util.List;

/**
 * A core/v1 Endpoints object (named after its Service) reduced to its ready and not-ready IPs; used
 * on API servers without EndpointSlices. An IP appears once per subset it serves, so the lists can
 * hold repeats; counting dedups them.
 */
@Group("") // the core group; fabric8 wants @Group whenever @Version is given
@Version("v1")
@Kind("Endpoints")
@Plural("endpoints")
public final class SlimEndpoints extends SlimResource {
    private static final long serialVersionUID = 1L;

    private List<String> readyIps = List.of();
    private List<String> notReadyIps = List.of();

    @JsonProperty("subsets")
    void readSubsets(List<Subset> subsets) {
        if (subsets == null) {
            return;
        }
        List<String> r = new ArrayList<>();
        List<String> nr = new ArrayList<>();
        for (Subset s : subsets) {
            addIps(s.addresses, r);
            addIps(s.notReadyAddresses, nr);
        }
        readyIps = List.copyOf(r);
        notReadyIps = List.copyOf(nr);
    }

    private static void addIps(List<Address> from, List<String> to) {
        if (from != null) {
            for (Address a : from) {
                if (a.ip != null) {
                    to.add(a.ip);
                }
            }
        }
    }

    public List<String> readyIps() {
        return readyIps;
    }

    public List<String> notReadyIps() {
        return notReadyIps;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Subset {
        public List<Address> addresses;
        public List<Address> notReadyAddresses;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Address {
        public String ip;
    }
}
