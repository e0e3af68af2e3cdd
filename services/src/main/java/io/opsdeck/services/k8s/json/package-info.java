/**
 * Reading Kubernetes JSON as it arrives, for the streaming informer: {@link io.opsdeck.services.k8s.json.JsonCursor}
 * reads the fields a decoder keeps out of a window of received bytes and skips the rest by bracket
 * matching; {@link io.opsdeck.services.k8s.json.ListDecoder} walks a LIST answer item by item, across
 * windows; {@link io.opsdeck.services.k8s.json.Decoding} shares the values that repeat across the
 * objects of one stream. No Jackson tokens, names or strings are made for what is skipped.
 */
package io.opsdeck.services.k8s.json;
