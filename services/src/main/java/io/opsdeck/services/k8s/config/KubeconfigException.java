package io.opsdeck.services.k8s.config;

/**
 * A kubeconfig file is missing, unreadable or does not say what is needed. The message is a
 * sentence a person can act on; it never contains tokens, passwords, keys or certificate data,
 * and no cause is attached when the cause's own message could quote the file.
 */
public class KubeconfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public KubeconfigException(String message) {
        super(message);
    }

    public KubeconfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
