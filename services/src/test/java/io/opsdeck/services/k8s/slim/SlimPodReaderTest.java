package io.opsdeck.services.k8s.slim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.services.k8s.json.Decoding;
import io.opsdeck.services.k8s.json.JsonCursor;
import io.opsdeck.services.k8s.json.ListDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream decoders read what the Jackson path of the slim classes reads, from the same JSON:
 * checked on hand-written edge cases and on a few hundred random pods and events, whole and cut
 * into pieces anywhere.
 */
class SlimPodReaderTest {
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final ObjectMapper mapper = new ObjectMapper();

    static final String[] EDGE_CASES = {
            SlimDecodingTest.POD,
            // nulls where objects and lists are expected
            """
            {"metadata":{"name":"n","namespace":"ns","labels":null,"ownerReferences":null,"resourceVersion":"3"},
             "spec":null,"status":null}""",
            """
            {"metadata":{"name":"n","namespace":"ns"},"spec":{"nodeName":null,"containers":null},
             "status":{"phase":null,"podIP":null,"conditions":null,"containerStatuses":null}}""",
            """
            {"metadata":{"name":"n","namespace":"ns"},"spec":{"containers":[{"image":null,"ports":null,"resources":null},
              {"name":"x","resources":{"requests":null,"limits":{"cpu":"1"}}},
              {"image":"i","ports":[{"containerPort":null},{"name":"p"},{"containerPort":"8080"}],"resources":{"requests":{"cpu":2,"memory":"1.5Gi"}}}]}}""",
            // escapes and non-ASCII text, numbers as strings
            """
            {"metadata":{"name":"caf\\u00e9-\u00e9t\u00e9","namespace":"n\\"s","labels":{"a\\u0062":"q\\"v","\u65e5":"\u672c"}},
             "status":{"phase":"Running","containerStatuses":[{"restartCount":"3"},{"restartCount":2.0},{"restartCount":null}]}}""",
            // members in another order, unknown members of every kind, several controllers and Ready conditions
            """
            {"status":{"conditions":[{"status":"True","type":"Ready"},{"type":"Ready","status":"False"},{"type":"Ready"}],"phase":"Failed",
              "extra":[[[]],{},"}"]},"kind":"Pod","apiVersion":"v1",
             "metadata":{"ownerReferences":[{"kind":"A","name":"a","controller":true},{"kind":"B","name":"b","controller":true},
               {"kind":"C","name":"c","controller":false},{"kind":null,"name":"d","controller":true},"odd",null],"name":"o"},
             "spec":{"containers":[]}}""",
            // empty objects
            "{}",
            "{\"metadata\":{},\"spec\":{},\"status\":{}}",
    };

    @Test
    void edgeCasesDecodeAsTheJacksonPathDoes() throws Exception {
        for (String json : EDGE_CASES) {
            assertSame(json, jackson(json), stream(json));
            String pretty = mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(mapper.readTree(json));
            assertSame(pretty, jackson(json), stream(pretty));
        }
    }

    @Test
    void randomPodsDecodeAsTheJacksonPathDoes() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            String json = mapper.writeValueAsString(randomPod(r, i));
            assertSame(json, jackson(json), stream(json));
        }
    }

    @Test
    void randomEventsDecodeAsTheJacksonPathDoes() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 200; i++) {
            String json = mapper.writeValueAsString(randomEvent(r, i));
            SlimEvent expected = serialization.unmarshal(json, SlimEvent.class);
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            SlimEvent got = new SlimEventReader(new Decoding()).read(new JsonCursor().reset(b, 0, b.length));
            assertThat(got).as(json).usingRecursiveComparison().ignoringFields("metadata")
                    .isEqualTo(expected);
            assertThat(got.resourceVersion()).isEqualTo(expected.getMetadata().getResourceVersion());
        }
    }

    @Test
    void aListCutIntoPiecesAnywhereDecodesTheSame() throws Exception {
        Random r = new Random(3);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(randomPod(r, i));
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", "PodList");
        list.put("apiVersion", "v1");
        list.put("metadata", Map.of("resourceVersion", "777", "continue", "tok=="));
        list.put("items", items);
        byte[] all = mapper.writeValueAsBytes(list);

        List<SlimPod> whole = decodeInPieces(all, all.length);
        assertThat(whole).hasSize(40);
        for (int piece : new int[]{1, 2, 3, 7, 64, 1000}) {
            List<SlimPod> cut = decodeInPieces(all, piece);
            assertThat(cut).hasSize(40);
            for (int i = 0; i < 40; i++) {
                assertSame("piece " + piece, whole.get(i), cut.get(i));
            }
        }
    }

    @Test
    void theBenchmarkCheckStreamsTheWayTheInformerDoes() throws Exception {
        Random r = new Random(5);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            items.add(randomPod(r, i));
        }
        byte[] list = mapper.writeValueAsBytes(Map.of("kind", "PodList", "metadata", Map.of("resourceVersion", "1"),
                "items", items));
        List<SlimPod> streamed = SlimDecodingCheck.streamPods(new java.io.ByteArrayInputStream(list), 100);
        List<SlimPod> jackson = SlimDecodingCheck.decodePods(serialization, new java.io.ByteArrayInputStream(list));
        assertThat(streamed).hasSameSizeAs(jackson).hasSize(25);
        for (int i = 0; i < streamed.size(); i++) {
            assertSame("item " + i, jackson.get(i), streamed.get(i));
        }
    }

    private static List<SlimPod> decodeInPieces(byte[] all, int piece) throws Exception {
        List<SlimPod> out = new ArrayList<>();
        String[] meta = new String[2];
        ListDecoder<SlimPod> d = new ListDecoder<>(new SlimPodReader(new Decoding()), new ListDecoder.Sink<>() {
            @Override
            public void item(SlimPod item) {
                out.add(item);
            }

            @Override
            public void listMeta(String resourceVersion, String continueToken) {
                meta[0] = resourceVersion;
                meta[1] = continueToken;
            }
        });
        // like the informer: received bytes accumulate, decoding consumes whole units
        byte[] window = new byte[all.length];
        int start = 0;
        int end = 0;
        for (int sent = 0; sent < all.length; sent += piece) {
            int n = Math.min(piece, all.length - sent);
            System.arraycopy(all, sent, window, end, n);
            end += n;
            start = d.decode(window, start, end);
        }
        assertThat(d.done()).isTrue();
        assertThat(start).isEqualTo(all.length);
        assertThat(meta).containsExactly("777", "tok==");
        return out;
    }

    private SlimPod jackson(String json) {
        return serialization.unmarshal(json, SlimPod.class);
    }

    private static SlimPod stream(String json) throws Exception {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor().reset(b, 0, b.length);
        SlimPod p = new SlimPodReader(new Decoding()).read(c);
        assertThat(c.atEnd()).isTrue();
        return p;
    }

    static void assertSame(String what, SlimPod expected, SlimPod got) {
        assertThat(got).as(what).isNotNull();
        assertThat(got.name()).as(what).isEqualTo(expected.name());
        assertThat(got.namespace()).as(what).isEqualTo(expected.namespace());
        assertThat(got.resourceVersion()).as(what).isEqualTo(expected.resourceVersion());
        assertThat(got.labels()).as(what).isEqualTo(expected.labels());
        assertThat(got.ownerKind()).as(what).isEqualTo(expected.ownerKind());
        assertThat(got.ownerName()).as(what).isEqualTo(expected.ownerName());
        assertThat(got.nodeName()).as(what).isEqualTo(expected.nodeName());
        assertThat(got.phase()).as(what).isEqualTo(expected.phase());
        assertThat(got.ready()).as(what).isEqualTo(expected.ready());
        assertThat(got.restarts()).as(what).isEqualTo(expected.restarts());
        assertThat(got.images()).as(what).isEqualTo(expected.images());
        assertThat(got.ports()).as(what).isEqualTo(expected.ports());
        assertThat(got.cpuRequestMilli()).as(what).isEqualTo(expected.cpuRequestMilli());
        assertThat(got.memoryRequestBytes()).as(what).isEqualTo(expected.memoryRequestBytes());
        assertThat(got.podIp()).as(what).isEqualTo(expected.podIp());
        if (expected.name() != null) {
            // fabric8's view of the object, made on demand for streamed objects
            assertThat(got.getMetadata().getName()).as(what).isEqualTo(expected.getMetadata().getName());
            assertThat(got.getMetadata().getLabels()).as(what).isEqualTo(expected.getMetadata().getLabels());
        }
    }

    private static final String[] WORDS = {"web", "caf\u00e9", "a\"b", "x\\y", "\u65e5\u672c", "tab\tbed", "", "0"};

    private static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(100)));
    }

    /** A pod with fields present, absent, null or oddly typed at random, plus junk the decoder must skip. */
    static Map<String, Object> randomPod(Random r, int i) {
        Map<String, Object> pod = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "pod-" + i + "-" + word(r));
        maybe(r, meta, "namespace", word(r));
        maybe(r, meta, "resourceVersion", Integer.toString(r.nextInt(100000)));
        maybe(r, meta, "creationTimestamp", "2024-05-01T09:00:00Z");
        if (r.nextInt(4) > 0) {
            Map<String, Object> labels = new LinkedHashMap<>();
            for (int k = r.nextInt(5); k > 0; k--) {
                labels.put(word(r), r.nextInt(10) == 0 ? null : word(r));
            }
            meta.put("labels", labels);
        }
        if (r.nextBoolean()) {
            List<Object> owners = new ArrayList<>();
            for (int k = r.nextInt(3); k >= 0; k--) {
                Map<String, Object> o = new LinkedHashMap<>();
                maybe(r, o, "kind", r.nextBoolean() ? "ReplicaSet" : "StatefulSet");
                maybe(r, o, "name", word(r));
                maybe(r, o, "controller", r.nextBoolean());
                o.put("uid", "u");
                owners.add(o);
            }
            meta.put("ownerReferences", owners);
        }
        meta.put("managedFields", List.of(Map.of("manager", "m", "fieldsV1", Map.of("f:spec", Map.of("k:{\"x\":1}", Map.of())))));
        pod.put("metadata", meta);
        if (r.nextInt(5) > 0) {
            Map<String, Object> spec = new LinkedHashMap<>();
            maybe(r, spec, "nodeName", "node-" + r.nextInt(5));
            if (r.nextInt(5) > 0) {
                List<Object> containers = new ArrayList<>();
                for (int k = r.nextInt(3); k >= 0; k--) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("name", "c" + k);
                    maybe(r, c, "image", "registry/" + word(r) + ":1");
                    if (r.nextBoolean()) {
                        List<Object> ports = new ArrayList<>();
                        for (int p = r.nextInt(3); p > 0; p--) {
                            ports.add(Map.of("containerPort", r.nextInt(3) == 0 ? (Object) Integer.toString(8000 + p) : 8000 + p));
                        }
                        c.put("ports", ports);
                    }
                    if (r.nextBoolean()) {
                        Map<String, Object> req = new LinkedHashMap<>();
                        maybe(r, req, "cpu", new String[]{"100m", "1", "0.5", "2500m", "1e3"}[r.nextInt(5)]);
                        maybe(r, req, "memory", new String[]{"128Mi", "1G", "1.5Gi", "100", "64k"}[r.nextInt(5)]);
                        c.put("resources", Map.of("requests", req, "limits", Map.of("cpu", "4")));
                    }
                    c.put("env", List.of(Map.of("name", "A", "value", "{[\"]}")));
                    containers.add(c);
                }
                spec.put("containers", containers);
            }
            spec.put("volumes", List.of(Map.of("name", "v", "emptyDir", Map.of())));
            pod.put("spec", spec);
        }
        if (r.nextInt(5) > 0) {
            Map<String, Object> status = new LinkedHashMap<>();
            maybe(r, status, "phase", new String[]{"Running", "Pending", "Succeeded", "Failed", "Weird"}[r.nextInt(5)]);
            maybe(r, status, "podIP", "10.0." + r.nextInt(255) + "." + r.nextInt(255));
            if (r.nextBoolean()) {
                List<Object> conds = new ArrayList<>();
                for (String t : new String[]{"Initialized", "Ready", "ContainersReady"}) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("type", t);
                    c.put("status", r.nextBoolean() ? "True" : "False");
                    c.put("lastTransitionTime", null);
                    conds.add(c);
                }
                status.put("conditions", conds);
            }
            if (r.nextBoolean()) {
                List<Object> cs = new ArrayList<>();
                for (int k = r.nextInt(3); k >= 0; k--) {
                    cs.add(Map.of("name", "c" + k, "restartCount", r.nextInt(9), "state", Map.of("running", Map.of())));
                }
                status.put("containerStatuses", cs);
            }
            pod.put("status", status);
        }
        return pod;
    }

    static Map<String, Object> randomEvent(Random r, int i) {
        Map<String, Object> e = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", "e" + i);
        maybe(r, meta, "namespace", word(r));
        maybe(r, meta, "resourceVersion", Integer.toString(i));
        maybe(r, meta, "creationTimestamp", "2024-05-01T08:00:00Z");
        e.put("metadata", meta);
        maybe(r, e, "type", r.nextBoolean() ? "Warning" : "Normal");
        maybe(r, e, "reason", word(r));
        maybe(r, e, "message", word(r) + " " + word(r));
        maybe(r, e, "count", r.nextInt(4) == 0 ? null : (Object) r.nextInt(50));
        maybe(r, e, "lastTimestamp", r.nextBoolean() ? "2024-05-01T09:30:00Z" : "not a time");
        maybe(r, e, "eventTime", "2024-05-01T08:10:00.123456Z");
        if (r.nextBoolean()) {
            Map<String, Object> obj = new LinkedHashMap<>();
            maybe(r, obj, "kind", "Pod");
            maybe(r, obj, "name", word(r));
            obj.put("uid", "u");
            e.put("involvedObject", obj);
        }
        if (r.nextBoolean()) {
            Map<String, Object> series = new LinkedHashMap<>();
            maybe(r, series, "count", r.nextInt(9));
            maybe(r, series, "lastObservedTime", "2024-05-01T08:20:00.000000Z");
            e.put("series", series);
        }
        e.put("source", Map.of("component", "kubelet"));
        return e;
    }

    private static void maybe(Random r, Map<String, Object> m, String key, Object value) {
        int roll = r.nextInt(6);
        if (roll == 0) {
            return;
        }
        m.put(key, roll == 1 ? null : value);
    }
}
