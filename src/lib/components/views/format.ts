// Text formatting of the chart views: the figures' formatting (core/views/format.ts) and the
// app's one strategy label function (state/results-view).
export * from '../../core/views/format';
/** The readable name of a strategy id: one label function for the whole app (results-view). */
export { strategyLabel as strategyName } from '../../state/results-view';
