/**
 * What every action shares on screen: the confirmation dialog, the progress pane, the notification
 * with its Undo, and the small view model ({@link io.opsdeck.views.action.ActionModel}) that carries
 * the current session's {@link io.opsdeck.services.action.ActionPipeline} and runs its calls off the
 * FX thread. Pages only name what to act on ({@link io.opsdeck.services.action.ActionRequest}).
 */
package io.opsdeck.views.action;
