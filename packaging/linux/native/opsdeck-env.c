/*
 * Opsdeck's launcher on Linux: sets an environment variable in its own process, before JavaFX
 * starts GTK (Java has no setenv). Used for GDK_GL=disable on machines without a GPU device, so
 * that GTK does not load Mesa's OpenGL (llvmpipe, ~50 MiB resident) only to probe GLX visuals that
 * JavaFX will not use there. See io.opsdeck.launcher.Launcher and packaging/README.md.
 *
 * Built by tools/Installers.java: gcc -shared -fPIC -O2 -I$JAVA_HOME/include{,/linux}.
 */
#include <jni.h>
#include <stdlib.h>

JNIEXPORT jboolean JNICALL
Java_io_opsdeck_launcher_Launcher_setenvIfUnset(JNIEnv *env, jclass cls, jstring name, jstring value) {
    (void) cls;
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    const char *v = n == NULL ? NULL : (*env)->GetStringUTFChars(env, value, NULL);
    /* overwrite = 0: a value the user set wins */
    int rc = (n != NULL && v != NULL) ? setenv(n, v, 0) : -1;
    if (v != NULL) {
        (*env)->ReleaseStringUTFChars(env, value, v);
    }
    if (n != NULL) {
        (*env)->ReleaseStringUTFChars(env, name, n);
    }
    return rc == 0 ? JNI_TRUE : JNI_FALSE;
}
