package io.opsdeck.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Kubernetes objects as a real API server writes them (compact JSON, with managedFields and the
 * full status), so that a benchmark pays the real decoding cost: about 5.5 KB per pod, which is
 * what DESIGN.md measured (165 MB for 30,000 pods).
 */
final class ApiObjects {
    private ApiObjects() {
    }

    static String node(int i, int nodes) {
        int zones = 3;
        String zone = "bench-1" + (char) ('a' + (i * zones / nodes));
        String name = String.format(Locale.ROOT, "node-%05d", i);
        return "{\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"" + uid(i, 1) + "\",\"resourceVersion\":\"" + (1000 + i)
                + "\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"labels\":{\"beta.kubernetes.io/arch\":\"amd64\","
                + "\"beta.kubernetes.io/instance-type\":\"m6i.2xlarge\",\"beta.kubernetes.io/os\":\"linux\","
                + "\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/hostname\":\"" + name + "\",\"kubernetes.io/os\":\"linux\","
                + "\"node-role.kubernetes.io/worker\":\"\",\"node.kubernetes.io/instance-type\":\"m6i.2xlarge\","
                + "\"topology.kubernetes.io/region\":\"bench-1\",\"topology.kubernetes.io/zone\":\"" + zone + "\"},"
                + "\"annotations\":{\"node.alpha.kubernetes.io/ttl\":\"0\",\"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\"}},"
                + "\"spec\":{\"podCIDR\":\"10.64." + (i % 250) + ".0/24\",\"providerID\":\"aws:///" + zone + "/i-" + uid(i, 2).substring(0, 17) + "\"},"
                + "\"status\":{\"capacity\":{\"cpu\":\"8\",\"ephemeral-storage\":\"104845292Ki\",\"memory\":\"32386524Ki\",\"pods\":\"110\"},"
                + "\"allocatable\":{\"cpu\":\"7910m\",\"ephemeral-storage\":\"95551679124\",\"memory\":\"31369708Ki\",\"pods\":\"110\"},"
                + "\"conditions\":[" + cond("MemoryPressure", "False", "KubeletHasSufficientMemory") + ","
                + cond("DiskPressure", "False", "KubeletHasNoDiskPressure") + "," + cond("PIDPressure", "False", "KubeletHasSufficientPID")
                + "," + cond("Ready", "True", "KubeletReady") + "],"
                + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0." + (i / 250) + "." + (i % 250) + "\"},{\"type\":\"Hostname\",\"address\":\"" + name + "\"}],"
                + "\"nodeInfo\":{\"machineID\":\"" + uid(i, 3) + "\",\"systemUUID\":\"" + uid(i, 4) + "\",\"bootID\":\"" + uid(i, 5)
                + "\",\"kernelVersion\":\"6.1.0-18-cloud-amd64\",\"osImage\":\"Debian GNU/Linux 12 (bookworm)\",\"containerRuntimeVersion\":\"containerd://1.7.13\","
                + "\"kubeletVersion\":\"v1.30.4\",\"kubeProxyVersion\":\"v1.30.4\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64\"}}}";
    }

    private static String cond(String type, String status, String reason) {
        return "{\"type\":\"" + type + "\",\"status\":\"" + status + "\",\"lastHeartbeatTime\":\"2026-11-22T01:00:00Z\","
                + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\",\"reason\":\"" + reason + "\",\"message\":\"kubelet is posting ready status\"}";
    }

    static String pod(int i, int nodes, SplittableRandom rng) {
        int app = i / 30;
        String ns = "team-" + (app % 40);
        String deploy = "app-" + app;
        String rs = deploy + "-" + hash(app, 10);
        String name = rs + "-" + hash(i, 5);
        String node = String.format(Locale.ROOT, "node-%05d", i % nodes);
        String ip = "10." + (64 + (i >> 16 & 63)) + "." + (i >> 8 & 255) + "." + (i & 255);
        int restarts = rng.nextInt(20) == 0 ? rng.nextInt(5) : 0;
        String image = "registry.example.com/" + ns + "/" + deploy + ":1." + (app % 17) + "." + (app % 5);
        StringBuilder sb = new StringBuilder(5800);
        sb.append("{\"metadata\":{\"name\":\"").append(name).append("\",\"generateName\":\"").append(rs).append("-\",\"namespace\":\"").append(ns)
                .append("\",\"uid\":\"").append(uid(i, 7)).append("\",\"resourceVersion\":\"").append(200000 + i)
                .append("\",\"creationTimestamp\":\"2026-11-20T10:00:00Z\",\"labels\":{\"app.kubernetes.io/name\":\"").append(deploy)
                .append("\",\"app.kubernetes.io/part-of\":\"").append(ns).append("\",\"pod-template-hash\":\"").append(hash(app, 10))
                .append("\",\"version\":\"v1\"},\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-20T09:59:00Z\",")
                .append("\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9102\"},")
                .append("\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"").append(rs)
                .append("\",\"uid\":\"").append(uid(app, 8)).append("\",\"controller\":true,\"blockOwnerDeletion\":true}],")
                .append("\"managedFields\":[{\"manager\":\"kube-controller-manager\",\"operation\":\"Update\",\"apiVersion\":\"v1\",")
                .append("\"time\":\"2026-11-20T10:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:metadata\":{\"f:annotations\":{\".\":{},")
                .append("\"f:kubectl.kubernetes.io/restartedAt\":{},\"f:prometheus.io/port\":{},\"f:prometheus.io/scrape\":{}},\"f:generateName\":{},")
                .append("\"f:labels\":{\".\":{},\"f:app.kubernetes.io/name\":{},\"f:app.kubernetes.io/part-of\":{},\"f:pod-template-hash\":{},\"f:version\":{}},")
                .append("\"f:ownerReferences\":{\".\":{},\"k:{\\\"uid\\\":\\\"").append(uid(app, 8)).append("\\\"}\":{}}},")
                .append("\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":{\".\":{},\"f:env\":{\".\":{},\"k:{\\\"name\\\":\\\"LOG_LEVEL\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}},")
                .append("\"f:image\":{},\"f:imagePullPolicy\":{},\"f:livenessProbe\":{\".\":{},\"f:failureThreshold\":{},\"f:httpGet\":{\".\":{},\"f:path\":{},\"f:port\":{},\"f:scheme\":{}},")
                .append("\"f:periodSeconds\":{},\"f:successThreshold\":{},\"f:timeoutSeconds\":{}},\"f:name\":{},\"f:ports\":{\".\":{},\"k:{\\\"containerPort\\\":8080,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},")
                .append("\"f:containerPort\":{},\"f:name\":{},\"f:protocol\":{}}},\"f:readinessProbe\":{\".\":{},\"f:failureThreshold\":{},\"f:httpGet\":{\".\":{},\"f:path\":{},\"f:port\":{},\"f:scheme\":{}},")
                .append("\"f:periodSeconds\":{},\"f:successThreshold\":{},\"f:timeoutSeconds\":{}},\"f:resources\":{\".\":{},\"f:limits\":{\".\":{},\"f:memory\":{}},\"f:requests\":{\".\":{},\"f:cpu\":{},\"f:memory\":{}}},")
                .append("\"f:terminationMessagePath\":{},\"f:terminationMessagePolicy\":{}}},\"f:dnsPolicy\":{},\"f:enableServiceLinks\":{},\"f:restartPolicy\":{},")
                .append("\"f:schedulerName\":{},\"f:securityContext\":{},\"f:terminationGracePeriodSeconds\":{}}}},")
                .append("{\"manager\":\"kubelet\",\"operation\":\"Update\",\"apiVersion\":\"v1\",\"time\":\"2026-11-20T10:00:09Z\",\"fieldsType\":\"FieldsV1\",")
                .append("\"fieldsV1\":{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":\\\"ContainersReady\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},")
                .append("\"k:{\\\"type\\\":\\\"Initialized\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}},")
                .append("\"k:{\\\"type\\\":\\\"Ready\\\"}\":{\".\":{},\"f:lastProbeTime\":{},\"f:lastTransitionTime\":{},\"f:status\":{},\"f:type\":{}}},")
                .append("\"f:containerStatuses\":{},\"f:hostIP\":{},\"f:hostIPs\":{},\"f:phase\":{},\"f:podIP\":{},\"f:podIPs\":{\".\":{},\"k:{\\\"ip\\\":\\\"").append(ip)
                .append("\\\"}\":{\".\":{},\"f:ip\":{}}},\"f:startTime\":{}}},\"subresource\":\"status\"}]},");
        sb.append("\"spec\":{\"volumes\":[{\"name\":\"kube-api-access-").append(hash(i, 5)).append("\",\"projected\":{\"sources\":[{\"serviceAccountToken\":{\"expirationSeconds\":3607,\"path\":\"token\"}},")
                .append("{\"configMap\":{\"name\":\"kube-root-ca.crt\",\"items\":[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]}},{\"downwardAPI\":{\"items\":[{\"path\":\"namespace\",\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"metadata.namespace\"}}]}}],\"defaultMode\":420}}],")
                .append("\"containers\":[{\"name\":\"app\",\"image\":\"").append(image).append("\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"}],")
                .append("\"env\":[{\"name\":\"LOG_LEVEL\",\"value\":\"info\"}],\"resources\":{\"limits\":{\"memory\":\"512Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"256Mi\"}},")
                .append("\"volumeMounts\":[{\"name\":\"kube-api-access-").append(hash(i, 5)).append("\",\"readOnly\":true,\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\"}],")
                .append("\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,\"scheme\":\"HTTP\"},\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},")
                .append("\"readinessProbe\":{\"httpGet\":{\"path\":\"/ready\",\"port\":8080,\"scheme\":\"HTTP\"},\"timeoutSeconds\":1,\"periodSeconds\":5,\"successThreshold\":1,\"failureThreshold\":3},")
                .append("\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"imagePullPolicy\":\"IfNotPresent\"}],")
                .append("\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",")
                .append("\"nodeName\":\"").append(node).append("\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\",")
                .append("\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},")
                .append("{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],")
                .append("\"priority\":0,\"enableServiceLinks\":true,\"preemptionPolicy\":\"PreemptLowerPriority\"},");
        sb.append("\"status\":{\"phase\":\"Running\",\"conditions\":[")
                .append("{\"type\":\"PodReadyToStartContainers\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-20T10:00:05Z\"},")
                .append("{\"type\":\"Initialized\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-20T10:00:00Z\"},")
                .append("{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-20T10:00:09Z\"},")
                .append("{\"type\":\"ContainersReady\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-20T10:00:09Z\"},")
                .append("{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastProbeTime\":null,\"lastTransitionTime\":\"2026-11-20T10:00:00Z\"}],")
                .append("\"hostIP\":\"10.0.").append(i % nodes / 250).append('.').append(i % nodes % 250).append("\",\"hostIPs\":[{\"ip\":\"10.0.").append(i % nodes / 250).append('.').append(i % nodes % 250).append("\"}],")
                .append("\"podIP\":\"").append(ip).append("\",\"podIPs\":[{\"ip\":\"").append(ip).append("\"}],\"startTime\":\"2026-11-20T10:00:00Z\",")
                .append("\"containerStatuses\":[{\"name\":\"app\",\"state\":{\"running\":{\"startedAt\":\"2026-11-20T10:00:04Z\"}},\"lastState\":{},\"ready\":true,")
                .append("\"restartCount\":").append(restarts).append(",\"image\":\"").append(image).append("\",\"imageID\":\"").append(image.replace(":1.", "@sha256:"))
                .append(hash(i, 40)).append("\",\"containerID\":\"containerd://").append(hash(i * 7, 64)).append("\",\"started\":true}],\"qosClass\":\"Burstable\"}}");
        return sb.toString();
    }

    static byte[] list(String kind, String apiVersion, String resourceVersion, String continueToken, Iterable<String> items) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"kind\":\"").append(kind).append("\",\"apiVersion\":\"").append(apiVersion)
                .append("\",\"metadata\":{\"resourceVersion\":\"").append(resourceVersion).append('"');
        if (continueToken != null) {
            sb.append(",\"continue\":\"").append(continueToken).append('"');
        }
        sb.append("},\"items\":[");
        boolean first = true;
        for (String item : items) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(item.substring(0, 1)).append("\"kind\":\"").append(kind, 0, kind.length() - 4)
                    .append("\",\"apiVersion\":\"").append(apiVersion).append("\",").append(item.substring(1));
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "bcdfghjklmnpqrstvwxz2456789";

    static String uid(long i, long salt) {
        SplittableRandom r = new SplittableRandom(i * 1_000_003L + salt);
        char[] c = new char[36];
        for (int k = 0; k < 36; k++) {
            c[k] = (k == 8 || k == 13 || k == 18 || k == 23) ? '-' : HEX.charAt(r.nextInt(16));
        }
        return new String(c);
    }

    static String hash(long i, int len) {
        SplittableRandom r = new SplittableRandom(i * 7_919L + len);
        char[] c = new char[len];
        for (int k = 0; k < len; k++) {
            c[k] = ALNUM.charAt(r.nextInt(ALNUM.length()));
        }
        return new String(c);
    }
}
