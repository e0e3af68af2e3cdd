/**
 * The installed app's entry point: loads Opsdeck's jars from the app directory and runs
 * io.opsdeck.app.Main. It lives in the runtime image so that the class-data archive can cover
 * the application's classes wherever the app is installed (see Launcher).
 */
module io.opsdeck.launcher {
}
