package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

import java.util.Arrays;
import java.util.List;

/**
 * A discovery.k8s.io/v1 EndpointSlice reduced to its Service, its address type and, per endpoint,
 * the first address and whether it is ready. A cluster has about one endpoint per pod, so the full
 * model would cost nearly as much heap as full pods.
 */
@Group("discovery.k8s.io")
@Version("v1")
@Kind("EndpointSlice")
@Plural("endpointslices")
public class SlimEndpointSlice extends SlimResource {
    private static final long serialVersionUID = 1L;

    /** The label that ties a slice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private static final String[] NO_ADDRESSES = new String[0];
    private static final boolean[] NO_FLAGS = new boolean[0];

    private String serviceName = "";
    private String addressType = "";
    private String[] addresses = NO_ADDRESSES;
    private boolean[] ready = NO_FLAGS;

    @Override
    protected void onMetadata(SlimMeta meta) {
        String s = meta.labels().get(SERVICE_NAME_LABEL);
        serviceName = s == null ? "" : s;
    }

    @JsonProperty("addressType")
    void readAddressType(String value) {
        addressType = value == null ? "" : Strings.dedup(value);
    }

    @JsonProperty("endpoints")
    void readEndpoints(List<Endpoint> endpoints) {
        if (endpoints == null || endpoints.isEmpty()) {
            return;
        }
        String[] a = new String[endpoints.size()];
        boolean[] r = new boolean[endpoints.size()];
        int n = 0;
        for (Endpoint e : endpoints) {
            if (e.addresses == null || e.addresses.isEmpty()) {
                continue;
            }
            a[n] = e.addresses.get(0);
            // "ready: nil" means unknown, which the API asks consumers to read as ready
            r[n] = e.conditions == null || e.conditions.ready == null || e.conditions.ready;
            n++;
        }
        addresses = n == a.length ? a : Arrays.copyOf(a, n);
        ready = n == r.length ? r : Arrays.copyOf(r, n);
    }

    /** Value of the {@value #SERVICE_NAME_LABEL} label; empty when the slice has none. */
    public String serviceName() {
        return serviceName;
    }

    /** {@code IPv4}, {@code IPv6} or {@code FQDN}. */
    public String addressType() {
        return addressType;
    }

    public int endpointCount() {
        return addresses.length;
    }

    /** The first address of endpoint {@code i} (the API calls a slice's addresses fungible). */
    public String address(int i) {
        return addresses[i];
    }

    public boolean ready(int i) {
        return ready[i];
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Endpoint {
        public List<String> addresses;
        public Conditions conditions;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Conditions {
        public Boolean ready;
    }
}
